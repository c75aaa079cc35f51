import { z } from 'zod';
import { defineJob, keyedJobId } from '../define-job';

/** The scheduler queues a run this often: a FAILED event is due again 5 s after it failed (retry_at). */
export const RECONCILE_EVENTS_EVERY_MS = 5_000;
export const RECONCILE_EVENTS_STALE_MS = 15_000;

export const reconcileEventsJob = defineJob({
  name: 'reconcile-events',
  // FAILED events come back when their own backoff says (callback_event.retry_at), not after a fixed wait.
  schema: z.object({
    // An event whose job still exists in Redis is only waiting, however old: the reconciler asks Redis. So a
    // RECEIVED event is taken for lost soon after its row was written (its job is queued within a second of it).
    staleAfterMs: z.number().int().min(0).default(RECONCILE_EVENTS_STALE_MS),
    /** Events read per page; the run reads page after page (tests use small pages). */
    pageSize: z.number().int().min(1).max(1000).default(1000),
    /** Only these events (an operator re-queueing known events; tests that share a database). */
    eventIds: z.array(z.uuid()).max(1000).optional(),
  }),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  // key: the scheduler's tick, so several schedulers queue one run per tick.
  jobId: keyedJobId('reconcile-events'),
});
