import { isRetryable } from '../../bot/errors';
import { defineHandler } from '../define-handler';
import { welcomeBatcherFor } from '../welcome-batchers';

/** Some adds of the batch are to be tried again; the others are finished and are skipped on the retry. */
class WelcomesToRetryError extends Error {
  readonly isRetryable = true;
}

export const sendWelcomeHandler = defineHandler('send-welcome', {
  // Each job mostly waits (on its shared batch, WeCom, PostgreSQL); the jobs that wait together share a batch.
  concurrency: 50,
  run: async ({ eventIds }, ctx) => {
    const results = await welcomeBatcherFor(ctx).send(eventIds);
    const counts: Record<string, number> = {};
    const toRetry: string[] = [];
    for (const [eventId, outcome] of results) {
      const key = outcome instanceof Error ? (isRetryable(outcome) ? 'to retry' : 'failed') : outcome;
      counts[key] = (counts[key] ?? 0) + 1;
      if (key === 'to retry') toRetry.push(eventId);
      if (key === 'failed') ctx.logger.error({ eventId, err: outcome }, 'welcome failed for good');
    }
    ctx.logger.info({ counts }, 'welcomes handled');
    if (toRetry.length > 0) {
      // The retry greets only these; the rest of the batch is finished.
      await ctx.narrowRetry?.({ eventIds: toRetry });
      throw new WelcomesToRetryError(`${toRetry.length} welcome(s) to retry: ${toRetry.join(', ')}`);
    }
    return counts;
  },
});
