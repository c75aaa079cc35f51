import type { XmlFields } from '../../wecom/callback-xml';
import type { EnqueueMany } from '../jobs/job-definitions';
import { isWelcomeAdd } from '../welcome/is-welcome-add';
import { MAX_WELCOMES_PER_JOB, WELCOME_HEAD_START_MS } from '../welcome/welcome-timing';

/**
 * The jobs a stored batch of callbacks starts. Every event is processed (job id = event id, so an event is never
 * queued twice); the adds that carry a WelcomeCode are also greeted, a batch of them per job on a queue of their
 * own: per add, a job costs more than the welcome's own statements. An add queued twice (WeCom retried it before
 * it was processed) is greeted once: the welcome_message claim decides.
 */
export async function enqueueEventJobs(
  enqueueMany: EnqueueMany,
  events: { id: string; fields: XmlFields }[],
): Promise<void> {
  const welcomes = events.filter((e) => isWelcomeAdd(e.fields)).map((e) => e.id);
  const welcoming = new Set(welcomes);
  const batches: string[][] = [];
  for (let i = 0; i < welcomes.length; i += MAX_WELCOMES_PER_JOB)
    batches.push(welcomes.slice(i, i + MAX_WELCOMES_PER_JOB));
  await Promise.all([
    batches.length > 0
      ? enqueueMany(
          'send-welcome',
          batches.map((eventIds) => ({ payload: { eventIds } })),
        )
      : undefined,
    enqueueMany(
      'process-callback-event',
      events.map((e) => ({
        payload: { eventId: e.id },
        options: { delay: welcoming.has(e.id) ? WELCOME_HEAD_START_MS : undefined },
      })),
    ),
  ]);
}
