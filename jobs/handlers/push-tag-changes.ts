import { z } from 'zod';
import { pushTagChanges } from '../../bot/domain/tags/push-tag-changes';
import { defineJob } from '../define-job';

export const pushTagChangesJob = defineJob({
  name: 'push-tag-changes',
  schema: z.object({ relationId: z.uuid() }),
  options: {
    // Passing WeCom errors (busy, rate limits) retry here; beyond that the reconciler asks again later.
    attempts: 6,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  // Each push holds a database connection across its WeCom call (the per-relation lock): a few at a time, so a
  // sweep's thousand pushes never take the pool from welcomes and callbacks.
  concurrency: 4,
  handler: ({ relationId }, ctx) => pushTagChanges(ctx, relationId),
});
