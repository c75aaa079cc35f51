import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

/** Daily: lifecycle stages move with time alone; purchase figures a lost job missed are caught up. */
export const updateLifecycleStagesJob = defineJob({
  name: 'update-lifecycle-stages',
  schema: z.object({ now: z.iso.datetime().optional() }),
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    // Kept a day and more: the scheduler asks every 30 s with the day's key, and a kept job is not added again.
    removeOnComplete: { age: 2 * 86_400 },
    removeOnFail: { age: 3_600 },
  },
  // key: the scheduler's day, or `after-import:<ms>` after an initial import.
  jobId: keyedJobId('lifecycle'),
});
