import type { DomainDeps } from '../deps';
import { EVENT_RETRY_FOR_MS } from '../jobs/definitions/process-callback-event';

export interface ReconcileOptions {
  /** A RECEIVED or PROCESSING event untouched this long may have lost its job (Redis flushed, enqueue failed, worker died). */
  staleAfterMs: number;
  limit: number;
  /** The page after this event (the last of the previous page), in the order the events are read. */
  after?: EventToRequeue;
  /** Only these events (an operator re-queueing known events; tests that share a database). */
  onlyIds?: string[];
  now?: Date;
}

export interface EventToRequeue {
  id: string;
  receivedAt: Date;
  /** FAILED for a passing reason and due for its next try; otherwise RECEIVED or PROCESSING and stale. */
  isRetry: boolean;
}

/**
 * Events that should have a processing job: stale RECEIVED or PROCESSING ones (the job may be lost, or only
 * waiting in a deep queue: the caller tells which by asking the queue), and FAILED ones that failed for a
 * passing reason and whose backoff (retryAt) is over. Only events received in the last two days: older ones are
 * ended by failExpiredEvents. PostgreSQL knows them; Redis may have forgotten.
 *
 * A page of them, oldest first, after `options.after`: behind a deep queue the first pages hold only events
 * whose jobs are waiting, so the caller reads on (keyset pages on received_at, id) to reach the lost ones.
 */
export async function findEventsToRequeue(
  { db }: Pick<DomainDeps, 'db'>,
  options: ReconcileOptions,
): Promise<EventToRequeue[]> {
  const now = options.now ?? new Date();
  const { after } = options;
  const rows = await db.callbackEvent.findMany({
    where: {
      ...(options.onlyIds ? { id: { in: options.onlyIds } } : {}),
      receivedAt: { gte: new Date(now.getTime() - EVENT_RETRY_FOR_MS) },
      AND: [
        {
          OR: [
            {
              status: { in: ['RECEIVED', 'PROCESSING'] },
              updatedAt: { lt: new Date(now.getTime() - options.staleAfterMs) },
            },
            { status: 'FAILED', retryAt: { lte: now } },
          ],
        },
        after
          ? {
              OR: [
                { receivedAt: { gt: after.receivedAt } },
                { receivedAt: after.receivedAt, id: { gt: after.id } },
              ],
            }
          : {},
      ],
    },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    take: options.limit,
    select: { id: true, status: true, receivedAt: true },
  });
  return rows.map((r) => ({ id: r.id, receivedAt: r.receivedAt, isRetry: r.status === 'FAILED' }));
}

/**
 * The end of the retries: an event received over two days ago that is still waiting for a retry, or stale
 * RECEIVED or PROCESSING, becomes FAILED for good (retryAt NULL) with the reason kept. Returns how many.
 */
export async function failExpiredEvents(
  { db }: Pick<DomainDeps, 'db'>,
  options: Pick<ReconcileOptions, 'staleAfterMs' | 'onlyIds' | 'now'>,
): Promise<number> {
  const now = options.now ?? new Date();
  const stale = new Date(now.getTime() - options.staleAfterMs);
  const cutOff = new Date(now.getTime() - EVENT_RETRY_FOR_MS);
  const onlyIds = options.onlyIds ?? null;
  return db.$executeRaw`
    UPDATE callback_event
    SET status = 'FAILED', retry_at = NULL, updated_at = now(),
        error = 'gave up two days after the event was received' || coalesce(': ' || left(error, 1800), '')
    WHERE received_at < ${cutOff}
      AND ((status = 'FAILED' AND retry_at IS NOT NULL)
           OR (status IN ('RECEIVED', 'PROCESSING') AND updated_at < ${stale}))
      AND (${onlyIds}::uuid[] IS NULL OR id = ANY(${onlyIds}::uuid[]))`;
}
