import type { Pool } from 'pg';
import { z } from 'zod';
import { WELCOME_RETRY_MS, WELCOME_WINDOW_MS } from '../../bot/domain/welcome/send-welcomes';
import { type WelcomeBatcher, createWelcomeBatcher } from '../../bot/domain/welcome/welcome-batcher';
import { isRetryable } from '../../bot/errors';
import { type JobContext, defineJob } from '../define-job';

/** Adds greeted by one job: a batch the callback route stored together (jobs/enqueue-event-jobs.ts). */
export const MAX_WELCOMES_PER_JOB = 50;

const EventIds = z.object({ eventIds: z.array(z.uuid()).min(1).max(MAX_WELCOMES_PER_JOB) });
// Jobs queued before batching (and still in Redis across a deploy) name one event.
const OneEventId = z.object({ eventId: z.uuid() }).transform(({ eventId }) => ({ eventIds: [eventId] }));

/** Some adds of the batch are to be tried again; the others are finished and are skipped on the retry. */
class WelcomesToRetryError extends Error {
  readonly isRetryable = true;
}

// One batcher per worker process (per database pool), shared by the welcome jobs running in it.
const batchers = new WeakMap<Pool, WelcomeBatcher>();
function batcherFor(ctx: JobContext): WelcomeBatcher {
  let batcher = batchers.get(ctx.pool);
  if (!batcher) {
    batcher = createWelcomeBatcher({ ...ctx, logger: ctx.logger.child({ jobId: 'shared welcome batch' }) });
    batchers.set(ctx.pool, batcher);
  }
  return batcher;
}

export const sendWelcomeJob = defineJob({
  name: 'send-welcome',
  schema: z.union([EventIds, OneEventId]),
  options: {
    // Retries (41096, busy) only make sense inside the 20-second window; sendWelcomes stops earlier by itself.
    attempts: Math.ceil(WELCOME_WINDOW_MS / WELCOME_RETRY_MS),
    backoff: { type: 'fixed', delay: WELCOME_RETRY_MS },
    removeOnComplete: true,
    removeOnFail: true,
  },
  // Each job mostly waits (on its shared batch, WeCom, PostgreSQL); the jobs that wait together share a batch.
  concurrency: 50,
  handler: async ({ eventIds }, ctx) => {
    const results = await batcherFor(ctx).send(eventIds);
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
