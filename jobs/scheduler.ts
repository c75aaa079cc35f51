import type { Logger } from '../bot/logger';
import { MASS_RESULTS_EVERY_MS } from './handlers/read-mass-message-results';
import type { JobQueues } from './queues';

export interface Scheduler {
  stop(): void;
}

/**
 * Periodic work. A timer in the scheduler process (not a Bull repeatable job) so that a flushed Redis does not
 * silently stop reconciliation; the bucketed jobId keeps several schedulers from queueing the same tick twice.
 */
export function startScheduler(queues: JobQueues, logger: Logger, reconcileEveryMs = 30_000): Scheduler {
  const tick = () => {
    const bucket = Math.floor(Date.now() / reconcileEveryMs);
    const hour = Math.floor(Date.now() / 3_600_000);
    const massBucket = Math.floor(Date.now() / MASS_RESULTS_EVERY_MS);
    // Once a day (the UTC day; the sweep itself counts months in the corp's time zone).
    const day = new Date().toISOString().slice(0, 10);
    Promise.all([
      queues.enqueue('reconcile-events', {}, { jobId: `reconcile-events:${bucket}` }),
      queues.enqueue('reconcile-follow-ups', {}, { jobId: `reconcile-follow-ups:${bucket}` }),
      queues.enqueue('reconcile-tag-changes', {}, { jobId: `reconcile-tag-changes:${bucket}` }),
      queues.enqueue('read-mass-message-results', {}, { jobId: `mass-results:${massBucket}` }),
      // At start and hourly: tag callbacks can be lost, and a fresh install needs the taxonomy.
      queues.enqueue('sync-corp-tags', { reason: 'scheduled' }, { jobId: `tag-sync:h${hour}` }),
      queues.enqueue('update-lifecycle-stages', {}, { jobId: `lifecycle:${day}` }),
    ]).catch((error: unknown) =>
      logger.warn({ err: error }, 'could not queue reconciliation; next tick will'),
    );
  };
  tick();
  const timer = setInterval(tick, reconcileEveryMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
