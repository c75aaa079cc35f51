import { z } from 'zod';
import { MAX_EVENT_ATTEMPTS, processCallbackEvent } from '../../bot/domain/events/process-callback-event';
import { defineJob } from '../define-job';

export const processCallbackEventJob = defineJob({
  name: 'process-callback-event',
  schema: z.object({ eventId: z.uuid() }),
  options: {
    attempts: MAX_EVENT_ATTEMPTS,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    // PostgreSQL keeps the failure (status FAILED, error); Redis need not.
    removeOnFail: true,
  },
  // Welcomes have 20 seconds; an event's profile fetch and follow-ups can wait until a burst of them is out.
  yieldsTo: ['send-welcome'],
  handler: async ({ eventId }, ctx) => {
    const outcome = await processCallbackEvent(ctx, eventId);
    ctx.logger.info({ eventId, outcome }, 'callback event processed');
    return outcome;
  },
});
