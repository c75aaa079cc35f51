import { failExpiredEvents, findEventsToRequeue } from '../../bot/domain/events/reconcile-events';
import { defineHandler } from '../define-handler';

export const reconcileEventsHandler = defineHandler('reconcile-events', {
  run: async ({ staleAfterMs, eventIds }, ctx) => {
    const gaveUp = await failExpiredEvents(ctx, { staleAfterMs, onlyIds: eventIds });
    if (gaveUp > 0)
      ctx.logger.error({ count: gaveUp }, 'callback events still unfinished after two days: FAILED');
    const candidates = await findEventsToRequeue(ctx, { staleAfterMs, limit: 1000, onlyIds: eventIds });
    // The event id is the job id. An event whose job still exists (waiting in a deep queue, delayed for a
    // retry or a rate-limit window, running) is neither lost nor queued again.
    const pending =
      (await ctx.findPendingJobIds?.(
        'process-callback-event',
        candidates.map((c) => c.id),
      )) ?? new Set<string>();
    const toQueue = candidates.filter((c) => !pending.has(c.id));
    for (const { id } of toQueue) await ctx.enqueue('process-callback-event', { eventId: id });
    const lost = toQueue.filter((c) => !c.isRetry).length;
    const retried = toQueue.length - lost;
    if (lost > 0) ctx.logger.warn({ count: lost }, 're-queued callback events that had lost their job');
    if (retried > 0)
      ctx.logger.info({ count: retried }, 'retrying callback events that failed for a passing reason');
    return { lost, retried, waiting: candidates.length - toQueue.length, gaveUp };
  },
});
