import { processCallbackEvent } from '../../bot/domain/events/process-callback-event';
import { defineHandler } from '../define-handler';

export const processCallbackEventHandler = defineHandler('process-callback-event', {
  run: async ({ eventId }, ctx) => {
    const outcome = await processCallbackEvent(ctx, eventId);
    ctx.logger.info({ eventId, outcome }, 'callback event processed');
    return outcome;
  },
});
