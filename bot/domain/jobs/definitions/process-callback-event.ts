import { z } from 'zod';
import { defineJob } from '../define-job';

/** How many times one job tries an event (exponential backoff from 1 s, about 15 s in all). */
export const MAX_EVENT_ATTEMPTS = 5;
/**
 * After that, an event that failed for a passing reason (a retryable WeCom answer, a dropped connection, a
 * PostgreSQL or Redis blip) is queued again by the reconciler: first this long after its last failure, doubling
 * with every further job that fails, up to EVENT_RETRY_MAX_BACKOFF_MS.
 */
export const EVENT_RETRY_BACKOFF_MS = 5_000;
export const EVENT_RETRY_MAX_BACKOFF_MS = 10 * 60_000;
/** Events are retried for this long after they were received; then FAILED for good (WeCom's data has moved on). */
export const EVENT_RETRY_FOR_MS = 2 * 24 * 3600_000;

export const processCallbackEventJob = defineJob({
  name: 'process-callback-event',
  schema: z.object({ eventId: z.uuid() }),
  options: {
    attempts: MAX_EVENT_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    // PostgreSQL keeps the failure (status FAILED, error, retry_at); Redis need not.
    removeOnFail: true,
  },
  // The event id: an event whose job still exists is never queued twice.
  jobId: ({ eventId }) => eventId,
});
