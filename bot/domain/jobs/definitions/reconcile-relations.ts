import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

/** How often every guide's customers are compared with WeCom's (bot/domain/sync/reconcile-relations.ts). */
export const RECONCILE_RELATIONS_EVERY_MS = 3_600_000;

export const reconcileRelationsJob = defineJob({
  name: 'reconcile-relations',
  schema: z.object({}),
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    // Kept past the scheduler's bucket, so its ticks within one bucket find the job id taken and queue nothing.
    removeOnComplete: { age: 7_200 },
    removeOnFail: { age: 3_600 },
  },
  // key: the scheduler's bucket.
  jobId: keyedJobId('reconcile-relations'),
});
