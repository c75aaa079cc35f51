import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

/** How often the scheduler asks: WeCom sends no callback when a guide publishes an enterprise Moments post. */
export const FOLLOW_MOMENT_TASKS_EVERY_MS = 30 * 60_000;

export const followMomentTasksJob = defineJob({
  name: 'follow-moment-tasks',
  schema: z.object({}),
  options: {
    attempts: 1,
    // Kept a while, so the scheduler's ticks within one bucket find the job id taken and queue nothing.
    removeOnComplete: { age: 3600 },
    removeOnFail: { age: 3600 },
  },
  // key: the scheduler's FOLLOW_MOMENT_TASKS_EVERY_MS bucket.
  jobId: keyedJobId('follow-moment-tasks'),
});
