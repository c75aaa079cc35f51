import { createHash } from 'node:crypto';
import { isWelcomeAdd } from '../bot/domain/welcome/is-welcome-add';
import type { XmlFields } from '../bot/wecom/callback-xml';
import { MAX_WELCOMES_PER_JOB } from './handlers/send-welcome';
import type { JobQueues } from './queues';

/** How long an add that is being welcomed waits before its other processing (profile, follow-ups) starts. */
const WELCOME_HEAD_START_MS = 2_000;

/**
 * The jobs a stored batch of callbacks starts. Every event is processed (job id = event id, so an event is never
 * queued twice); the adds that carry a WelcomeCode are also greeted, a batch of them per job on a queue of their
 * own: per add, a job costs more than the welcome's own statements. An add queued twice (WeCom retried it before
 * it was processed) is greeted once: the welcome_message claim decides.
 */
export async function enqueueEventJobs(queues: JobQueues, events: { id: string; fields: XmlFields }[]) {
  const welcomes = events.filter((e) => isWelcomeAdd(e.fields)).map((e) => e.id);
  const welcoming = new Set(welcomes);
  const batches: string[][] = [];
  for (let i = 0; i < welcomes.length; i += MAX_WELCOMES_PER_JOB)
    batches.push(welcomes.slice(i, i + MAX_WELCOMES_PER_JOB));
  await Promise.all([
    batches.length > 0
      ? queues.enqueueMany(
          'send-welcome',
          batches.map((eventIds) => ({ payload: { eventIds }, options: { jobId: welcomeJobId(eventIds) } })),
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

/** The same adds make the same job id (the reconciler's single adds keep the id they always had). */
export function welcomeJobId(eventIds: string[]): string {
  if (eventIds.length === 1) return `welcome:${eventIds[0]}`;
  return `welcomes:${createHash('sha1').update(eventIds.join(',')).digest('hex')}`;
}
