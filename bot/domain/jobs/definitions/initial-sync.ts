import { z } from 'zod';
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
  jobId: () => undefined,
});
