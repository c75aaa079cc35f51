import { z } from 'zod';
import { readMassMessageResults } from '../../bot/domain/mass-messages/read-mass-message-results';
import { defineJob } from '../define-job';

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
  // Periodic background work: it waits while a burst of welcomes (a 20-second window each) is going out.
  yieldsTo: ['send-welcome'],
  handler: async (_payload, ctx) => {
    const run = await readMassMessageResults(ctx);
    if (run.read + run.finished > 0) ctx.logger.info(run, 'mass-message results read');
    return run;
  },
});
