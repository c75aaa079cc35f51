import type { DomainDeps } from '../deps';
import { MAX_EVENT_ATTEMPTS } from '../jobs/definitions/process-callback-event';

export interface ReconcileOptions {
  /** A RECEIVED or PROCESSING event untouched this long has lost its job (Redis flushed, enqueue failed, worker died). */
  staleAfterMs: number;
  /** A FAILED event with attempts left is retried after this long, in case its Bull retry was lost. */
  failedRetryAfterMs: number;
  limit: number;
  /** Only these events (an operator re-queueing known events; tests that share a database). */
  onlyIds?: string[];
  now?: Date;
}

/** Events whose processing job is probably gone. PostgreSQL knows them; Redis may have forgotten. */
export async function findEventsToRequeue(
  { db }: Pick<DomainDeps, 'db'>,
  options: ReconcileOptions,
): Promise<string[]> {
  const now = (options.now ?? new Date()).getTime();
  const rows = await db.callbackEvent.findMany({
    where: {
      ...(options.onlyIds ? { id: { in: options.onlyIds } } : {}),
      OR: [
        {
          status: { in: ['RECEIVED', 'PROCESSING'] },
          updatedAt: { lt: new Date(now - options.staleAfterMs) },
        },
        {
          status: 'FAILED',
          attempts: { lt: MAX_EVENT_ATTEMPTS },
          updatedAt: { lt: new Date(now - options.failedRetryAfterMs) },
        },
      ],
    },
    orderBy: { receivedAt: 'asc' },
    take: options.limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
