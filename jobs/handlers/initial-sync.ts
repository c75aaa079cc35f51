import { z } from 'zod';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { defineJob } from '../define-job';

export const initialSyncJob = defineJob({
  name: 'initial-sync',
  schema: z.object({}),
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: true,
    removeOnFail: 50,
  },
  handler: async (_payload, ctx) => {
    const result = await runInitialSync(ctx);
    // Imported customers get their lifecycle stage and its tag now, not at tomorrow's sweep.
    await ctx.enqueue('update-lifecycle-stages', {}, { jobId: `lifecycle:after-import:${Date.now()}` });
    return result;
  },
});
