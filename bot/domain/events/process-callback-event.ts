import { AppError, isRetryable } from '../../errors';
import type { DomainDeps } from '../deps';
import { MAX_EVENT_ATTEMPTS } from '../jobs/definitions/process-callback-event';
import { handleEvent } from './handle-event';

/**
 * Processes one stored callback. Safe to run again (Bull retries, stalled jobs, the reconciler): a PROCESSED
 * event is skipped, and every handler is an upsert.
 */
export async function processCallbackEvent(deps: DomainDeps, eventId: string): Promise<string> {
  const { db } = deps;
  const event = await db.callbackEvent.findUnique({ where: { id: eventId } });
  if (!event)
    throw new AppError('event_not_found', `callback event ${eventId} does not exist`, { status: 404 });
  if (event.status === 'PROCESSED') return 'already processed';
  await db.callbackEvent.update({
    where: { id: eventId },
    data: { status: 'PROCESSING', attempts: { increment: 1 } },
  });
  try {
    const outcome = await handleEvent(deps, event);
    await db.callbackEvent.update({
      where: { id: eventId },
      data: { status: 'PROCESSED', processedAt: new Date(), error: null },
    });
    return outcome;
  } catch (error) {
    await db.callbackEvent.update({
      where: { id: eventId },
      data: {
        status: 'FAILED',
        error: error instanceof Error ? error.message.slice(0, 2000) : String(error),
        // An error that can never succeed uses up the attempts, so the reconciler leaves the event alone.
        ...(isRetryable(error) ? {} : { attempts: MAX_EVENT_ATTEMPTS }),
      },
    });
    throw error;
  }
}
