import type { Pool } from 'pg';
import type { DomainDeps } from '../bot/domain/deps';
import { type WelcomeBatcher, createWelcomeBatcher } from '../bot/domain/welcome/welcome-batcher';

// One batcher per worker process (per database pool), shared by the welcome jobs running in it and by the welcome
// sweeper (jobs/welcome-sweeper.ts), so that what both send at once shares batches and one concurrency limit.
const batchers = new WeakMap<Pool, WelcomeBatcher>();

export function welcomeBatcherFor(deps: DomainDeps): WelcomeBatcher {
  let batcher = batchers.get(deps.pool);
  if (!batcher) {
    batcher = createWelcomeBatcher({ ...deps, logger: deps.logger.child({ jobId: 'shared welcome batch' }) });
    batchers.set(deps.pool, batcher);
  }
  return batcher;
}
