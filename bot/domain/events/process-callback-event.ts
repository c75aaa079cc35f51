import { AppError, isRetryable } from '../../errors';
import { retryAfterOf } from '../../wecom/errors';
import type { DomainDeps } from '../deps';
import {
  EVENT_RETRY_BACKOFF_MS,
  EVENT_RETRY_MAX_BACKOFF_MS,
  MAX_EVENT_ATTEMPTS,
} from '../jobs/definitions/process-callback-event';
import { handleEvent } from './handle-event';

/**
 * Processes one stored callback. Safe to run again (Bull retries, stalled jobs, the reconciler): a PROCESSED
 * event is skipped, and every handler is an upsert.
 *
 * How a run ends is recorded: PROCESSED; RECEIVED again when it was postponed (our own rate limit said when to
 * come back: the job waits that long and the run is not counted); FAILED with `retryAt` when the failure may
 * pass (the reconciler brings it back then); FAILED without `retryAt` when it never can.
 */
export async function processCallbackEvent(deps: DomainDeps, eventId: string): Promise<string> {
  const { db } = deps;
  const event = await db.callbackEvent.findUnique({ where: { id: eventId } });
  if (!event)
    throw new AppError('event_not_found', `callback event ${eventId} does not exist`, { status: 404 });
  if (event.status === 'PROCESSED') return 'already processed';
  // Given up for good (a permanent failure, or two days of passing ones): a job still queued for it does nothing.
  if (event.status === 'FAILED' && event.retryAt === null) return 'given up before';
  await db.callbackEvent.update({
    where: { id: eventId },
    data: { status: 'PROCESSING', attempts: { increment: 1 } },
  });
  try {
    const outcome = await handleEvent(deps, event);
    await db.callbackEvent.update({
      where: { id: eventId },
      data: { status: 'PROCESSED', processedAt: new Date(), error: null, retryAt: null },
    });
    return outcome;
  } catch (error) {
    await recordEventFailure(deps, { id: eventId, attempts: event.attempts + 1 }, error);
    throw error;
  }
}

/**
 * Records how a failed run of an event ended: RECEIVED again when it was postponed (our own rate limit said
 * when to come back; the run is not counted), FAILED with `retryAt` when the failure may pass, FAILED without it
 * when it never can. `attempts` counts this run.
 */
export async function recordEventFailure(
  { db }: Pick<DomainDeps, 'db'>,
  event: { id: string; attempts: number },
  error: unknown,
): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1900);
  const postponedMs = retryAfterOf(error);
  await db.callbackEvent.update({
    where: { id: event.id },
    data:
      postponedMs !== undefined
        ? {
            status: 'RECEIVED',
            attempts: { decrement: 1 },
            error: `postponed ${postponedMs} ms: ${message}`,
            retryAt: null,
          }
        : {
            status: 'FAILED',
            error: message,
            retryAt: isRetryable(error) ? new Date(Date.now() + retryBackoffMs(event.attempts)) : null,
          },
  });
}

/** 5 s after the runs of the first job, doubling with every job after it, at most 10 minutes. */
function retryBackoffMs(attempts: number): number {
  const jobsAfterFirst = Math.max(0, Math.ceil(attempts / MAX_EVENT_ATTEMPTS) - 1);
  return Math.min(EVENT_RETRY_MAX_BACKOFF_MS, EVENT_RETRY_BACKOFF_MS * 2 ** Math.min(jobsAfterFirst, 20));
}
