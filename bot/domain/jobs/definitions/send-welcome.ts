import { z } from 'zod';
import {
  MAX_WELCOMES_PER_JOB,
  WELCOME_RETRY_MS,
  WELCOME_WINDOW_MS,
  welcomeJobId,
} from '../../welcome/welcome-timing';
import { defineJob } from '../define-job';

const EventIds = z.object({ eventIds: z.array(z.uuid()).min(1).max(MAX_WELCOMES_PER_JOB) });
// Jobs queued before batching (and still in Redis across a deploy) name one event.
const OneEventId = z.object({ eventId: z.uuid() }).transform(({ eventId }) => ({ eventIds: [eventId] }));

export const sendWelcomeJob = defineJob({
  name: 'send-welcome',
  schema: z.union([EventIds, OneEventId]),
  options: {
    // Retries (41096, busy) only make sense inside the 20-second window; sendWelcomes stops earlier by itself.
    attempts: Math.ceil(WELCOME_WINDOW_MS / WELCOME_RETRY_MS),
    backoff: { type: 'fixed', delay: WELCOME_RETRY_MS },
    removeOnComplete: true,
    removeOnFail: true,
  },
  jobId: ({ eventIds }) => welcomeJobId(eventIds),
});
