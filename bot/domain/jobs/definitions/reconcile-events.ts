import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

export const reconcileEventsJob = defineJob({
  name: 'reconcile-events',
  // FAILED events come back when their own backoff says (callback_event.retry_at), not after a fixed wait.
  schema: z.object({
    staleAfterMs: z.number().int().min(0).default(60_000),
    /** Only these events (an operator re-queueing known events; tests that share a database). */
    eventIds: z.array(z.uuid()).max(1000).optional(),
  }),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  // key: the scheduler's tick, so several schedulers queue one run per tick.
  jobId: keyedJobId('reconcile-events'),
});
