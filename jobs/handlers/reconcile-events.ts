import {
  type EventToRequeue,
  failExpiredEvents,
  findEventsToRequeue,
} from '../../bot/domain/events/reconcile-events';
import { defineHandler } from '../define-handler';

/** Events read in one run at most (a deep queue of waiting events is read through, up to this many). */
const MAX_PAGES = 100;

export const reconcileEventsHandler = defineHandler('reconcile-events', {
  run: async ({ staleAfterMs, pageSize, eventIds }, ctx) => {
    const gaveUp = await failExpiredEvents(ctx, { staleAfterMs, onlyIds: eventIds });
    if (gaveUp > 0)
      ctx.logger.error({ count: gaveUp }, 'callback events still unfinished after two days: FAILED');
    let lost = 0;
    let retried = 0;
    let waiting = 0;
    let after: EventToRequeue | undefined;
    // Page after page, oldest first: in a deep queue the first pages are events whose jobs are only waiting,
    // and the lost ones behind them must still be found.
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const candidates = await findEventsToRequeue(ctx, {
        staleAfterMs,
        limit: pageSize,
        onlyIds: eventIds,
        after,
      });
      // The event id is the job id. An event whose job still exists (waiting in a deep queue, delayed for a
      // retry or a rate-limit window, running) is neither lost nor queued again.
      const pending =
        (await ctx.findPendingJobIds?.(
          'process-callback-event',
          candidates.map((c) => c.id),
        )) ?? new Set<string>();
      const toQueue = candidates.filter((c) => !pending.has(c.id));
      for (const { id } of toQueue) await ctx.enqueue('process-callback-event', { eventId: id });
      const lostHere = toQueue.filter((c) => !c.isRetry).length;
      lost += lostHere;
      retried += toQueue.length - lostHere;
      waiting += candidates.length - toQueue.length;
      after = candidates.at(-1);
      if (candidates.length < pageSize) break;
    }
    if (lost > 0) ctx.logger.warn({ count: lost }, 're-queued callback events that had lost their job');
    if (retried > 0)
      ctx.logger.info({ count: retried }, 'retrying callback events that failed for a passing reason');
    return { lost, retried, waiting, gaveUp };
  },
});
