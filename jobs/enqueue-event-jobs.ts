import { isWelcomeAdd } from '../bot/domain/welcome/is-welcome-add';
import type { XmlFields } from '../bot/wecom/callback-xml';
import type { JobQueues } from './queues';

/** How long an add that is being welcomed waits before its other processing (profile, follow-ups) starts. */
const WELCOME_HEAD_START_MS = 2_000;

/**
 * The jobs a stored callback starts. Every event is processed; an add that carries a WelcomeCode also gets a
 * welcome job on its own queue. Job ids derive from the event id, so an event is never queued twice.
 */
export async function enqueueEventJobs(queues: JobQueues, events: { id: string; fields: XmlFields }[]) {
  const welcomes = events.filter((e) => isWelcomeAdd(e.fields));
  const welcoming = new Set(welcomes.map((e) => e.id));
  await Promise.all([
    welcomes.length > 0
      ? queues.enqueueMany(
          'send-welcome',
          welcomes.map((e) => ({
            payload: { eventId: e.id },
            options: { jobId: `welcome:${e.id}` },
          })),
        )
      : undefined,
    queues.enqueueMany(
      'process-callback-event',
      events.map((e) => ({
        payload: { eventId: e.id },
        options: { jobId: e.id, delay: welcoming.has(e.id) ? WELCOME_HEAD_START_MS : undefined },
      })),
    ),
  ]);
}
