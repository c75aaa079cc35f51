import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

/** How often the new posts are read (bot/domain/moments/sync-moments.ts). */
export const SYNC_MOMENTS_EVERY_MS = 15 * 60_000;
/** Once a day the audit's days are read again, to find the posts members deleted: this week and last. */
export const VERIFY_MOMENTS_DAYS = 8;

export const syncMomentsJob = defineJob({
  name: 'sync-moments',
  // verifyDays: re-read that many days and mark what WeCom no longer lists as deleted.
  schema: z.object({ verifyDays: z.number().int().min(1).max(60).optional() }),
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    // Kept past the scheduler's bucket, so its ticks within one bucket find the job id taken.
    removeOnComplete: { age: 3_600 },
    removeOnFail: { age: 3_600 },
  },
  // key: the scheduler's bucket.
  jobId: keyedJobId('sync-moments'),
});
