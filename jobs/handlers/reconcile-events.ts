import { findEventsToRequeue } from '../../bot/domain/events/reconcile-events';
import { defineHandler } from '../define-handler';

export const reconcileEventsHandler = defineHandler('reconcile-events', {
  run: async ({ staleAfterMs, failedRetryAfterMs, eventIds }, ctx) => {
    const ids = await findEventsToRequeue(ctx, {
      staleAfterMs,
      failedRetryAfterMs,
      limit: 1000,
      onlyIds: eventIds,
    });
    // The event id is the job id, so an event whose job still exists is not queued twice.
    for (const eventId of ids) await ctx.enqueue('process-callback-event', { eventId });
    if (ids.length > 0)
      ctx.logger.warn({ count: ids.length }, 're-queued callback events that had lost their job');
    return { requeued: ids.length };
  },
});
