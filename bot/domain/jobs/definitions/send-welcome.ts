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
  // A worker that dies with welcomes in hand: its jobs go back to wait within seconds, not Bull's 30, so another
  // worker (or the restarted one) takes them over inside the 20-second window. A welcome run holds its job for
  // well under a second; a lock renewed every 2.5 s is lost only when the event loop stalls that long, and a job
  // run twice greets once (the claims in welcome_message).
  queueSettings: { lockDurationMs: 5_000, stalledIntervalMs: 2_000 },
  jobId: ({ eventIds }) => welcomeJobId(eventIds),
});
