import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

/** How often the scheduler asks: WeCom sends no callback for mass-message deliveries, so we poll. */
export const MASS_RESULTS_EVERY_MS = 5 * 60_000;

export const readMassMessageResultsJob = defineJob({
  name: 'read-mass-message-results',
  schema: z.object({}),
  options: {
    attempts: 1,
    // Kept a while, so the scheduler's ticks within one bucket find the job id taken and queue nothing.
    removeOnComplete: { age: 3600 },
    removeOnFail: { age: 3600 },
  },
  // key: the scheduler's MASS_RESULTS_EVERY_MS bucket.
  jobId: keyedJobId('mass-results'),
});
