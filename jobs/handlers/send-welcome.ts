import { z } from 'zod';
import { WELCOME_RETRY_MS, WELCOME_WINDOW_MS, sendWelcome } from '../../bot/domain/welcome/send-welcome';
import { defineJob } from '../define-job';

export const sendWelcomeJob = defineJob({
  name: 'send-welcome',
  schema: z.object({ eventId: z.uuid() }),
  options: {
    // Retries (41096, busy) only make sense inside the 20-second window; sendWelcome stops earlier by itself.
    attempts: Math.ceil(WELCOME_WINDOW_MS / WELCOME_RETRY_MS),
    backoff: { type: 'fixed', delay: WELCOME_RETRY_MS },
    removeOnComplete: true,
    removeOnFail: true,
  },
  // Each job mostly waits on WeCom; a burst of adds must not queue behind a few slow calls.
  concurrency: 50,
  handler: async ({ eventId }, ctx) => {
    const outcome = await sendWelcome(ctx, eventId);
    ctx.logger.info({ eventId, outcome }, 'welcome handled');
    return outcome;
  },
});
