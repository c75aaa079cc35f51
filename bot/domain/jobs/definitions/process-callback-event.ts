import { z } from 'zod';
import { defineJob } from '../define-job';

/** How many times an event is tried before it stays FAILED for a person to look at. */
export const MAX_EVENT_ATTEMPTS = 5;

export const processCallbackEventJob = defineJob({
  name: 'process-callback-event',
  schema: z.object({ eventId: z.uuid() }),
  options: {
    attempts: MAX_EVENT_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    // PostgreSQL keeps the failure (status FAILED, error); Redis need not.
    removeOnFail: true,
  },
  // The event id: an event whose job still exists is never queued twice.
  jobId: ({ eventId }) => eventId,
});
