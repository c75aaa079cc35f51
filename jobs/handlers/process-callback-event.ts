import type { Pool } from 'pg';
import { type Batcher, createBatcher } from '../../bot/domain/batching/create-batcher';
import { processCallbackEvents } from '../../bot/domain/events/process-callback-events';
import { type JobContext, defineHandler } from '../define-handler';

/**
 * Events processed together: an add's own processing is a dozen statements and a WeCom read, and merged they
 * cost the same dozen statements for a hundred adds. Two batches at a time, so one writes while the other waits
 * on WeCom.
 */
const MAX_EVENTS_PER_BATCH = 100;
const CONCURRENT_BATCHES = 2;

// One batcher per worker process (per database pool), shared by the jobs running in it.
const batchers = new WeakMap<Pool, Batcher<string, string>>();
function batcherFor(ctx: JobContext): Batcher<string, string> {
  let batcher = batchers.get(ctx.pool);
  if (!batcher) {
    const deps = { ...ctx, logger: ctx.logger.child({ jobId: 'shared event batch' }) };
    batcher = createBatcher<string, string>({
      maxBatch: MAX_EVENTS_PER_BATCH,
      maxConcurrentRuns: CONCURRENT_BATCHES,
      run: async (eventIds) => {
        const results = await processCallbackEvents(deps, eventIds);
        return eventIds.map((id) => {
          const outcome = results.get(id) ?? new Error(`no outcome for event ${id}`);
          return outcome instanceof Error
            ? { status: 'rejected', reason: outcome }
            : { status: 'fulfilled', value: outcome };
        });
      },
    });
    batchers.set(ctx.pool, batcher);
  }
  return batcher;
}

export const processCallbackEventHandler = defineHandler('process-callback-event', {
  // Each job mostly waits on its shared batch: enough of them at once to fill the batches.
  concurrency: MAX_EVENTS_PER_BATCH * CONCURRENT_BATCHES,
  run: async ({ eventId }, ctx) => {
    const outcome = await batcherFor(ctx).submit(eventId);
    ctx.logger.info({ eventId, outcome }, 'callback event processed');
    return outcome;
  },
});
