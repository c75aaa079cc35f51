import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

export const reconcileEventsJob = defineJob({
  name: 'reconcile-events',
  schema: z.object({
    staleAfterMs: z.number().int().min(0).default(60_000),
    failedRetryAfterMs: z.number().int().min(0).default(300_000),
    /** Only these events (an operator re-queueing known events; tests that share a database). */
    eventIds: z.array(z.uuid()).max(1000).optional(),
  }),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  // key: the scheduler's tick, so several schedulers queue one run per tick.
  jobId: keyedJobId('reconcile-events'),
});
