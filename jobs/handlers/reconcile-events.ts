import { z } from 'zod';
import { findEventsToRequeue } from '../../bot/domain/events/reconcile-events';
import { defineJob } from '../define-job';

export const reconcileEventsJob = defineJob({
  name: 'reconcile-events',
  schema: z.object({
    staleAfterMs: z.number().int().min(0).default(60_000),
    failedRetryAfterMs: z.number().int().min(0).default(300_000),
    /** Only these events (an operator re-queueing known events; tests that share a database). */
    eventIds: z.array(z.uuid()).max(1000).optional(),
  }),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  handler: async ({ staleAfterMs, failedRetryAfterMs, eventIds }, ctx) => {
    const ids = await findEventsToRequeue(ctx.db, {
      staleAfterMs,
      failedRetryAfterMs,
      limit: 1000,
      onlyIds: eventIds,
    });
    // The event id is the job id, so an event whose job still exists is not queued twice.
    for (const eventId of ids) await ctx.enqueue('process-callback-event', { eventId }, { jobId: eventId });
    if (ids.length > 0)
      ctx.logger.warn({ count: ids.length }, 're-queued callback events that had lost their job');
    return { requeued: ids.length };
  },
});
