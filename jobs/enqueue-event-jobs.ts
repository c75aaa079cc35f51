import { textOf, type XmlFields } from '../bot/wecom/callback-xml';
import type { JobQueues } from './queues';

const ADD_CHANGE_TYPES = new Set(['add_external_contact', 'add_half_external_contact']);

/**
 * The jobs a stored callback starts. Every event is processed; an add that carries a WelcomeCode also gets its
 * own welcome job on a queue of its own, so the 20-second window never waits behind profile fetches. Job ids
 * are derived from the event id, so an event is never queued twice.
 */
export async function enqueueEventJobs(queues: JobQueues, events: { id: string; fields: XmlFields }[]) {
  const welcomes = events.filter(
    (e) =>
      ADD_CHANGE_TYPES.has(textOf(e.fields, 'ChangeType') ?? '') && Boolean(textOf(e.fields, 'WelcomeCode')),
  );
  await Promise.all([
    welcomes.length > 0
      ? queues.enqueueMany(
          'send-welcome',
          welcomes.map((e) => ({ payload: { eventId: e.id }, options: { jobId: `welcome:${e.id}` } })),
        )
      : undefined,
    queues.enqueueMany(
      'process-callback-event',
      events.map((e) => ({ payload: { eventId: e.id }, options: { jobId: e.id } })),
    ),
  ]);
}
