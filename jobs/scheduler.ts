import { FOLLOW_MOMENT_TASKS_EVERY_MS } from '../bot/domain/jobs/definitions/follow-moment-tasks';
import { MASS_RESULTS_EVERY_MS } from '../bot/domain/jobs/definitions/read-mass-message-results';
import { RECONCILE_EVENTS_EVERY_MS } from '../bot/domain/jobs/definitions/reconcile-events';
import { RECONCILE_RELATIONS_EVERY_MS } from '../bot/domain/jobs/definitions/reconcile-relations';
import { SYNC_MOMENTS_EVERY_MS, VERIFY_MOMENTS_DAYS } from '../bot/domain/jobs/definitions/sync-moments';
import type { Logger } from '../bot/logger';
import type { JobQueues } from './queues';

export interface Scheduler {
  stop(): void;
}

/**
 * Periodic work. A timer in the scheduler process (not a Bull repeatable job) so that a flushed Redis does not
 * silently stop reconciliation; the bucketed key keeps several schedulers from queueing the same tick twice.
 */
export function startScheduler(queues: JobQueues, logger: Logger, reconcileEveryMs = 30_000): Scheduler {
  const tick = () => {
    const bucket = String(Math.floor(Date.now() / reconcileEveryMs));
    const hour = Math.floor(Date.now() / 3_600_000);
    const massBucket = Math.floor(Date.now() / MASS_RESULTS_EVERY_MS);
    // Once a day (the UTC day; the sweep itself counts months in the corp's time zone).
    const day = new Date().toISOString().slice(0, 10);
    Promise.all([
      queues.enqueue('reconcile-follow-ups', {}, { key: bucket }),
      queues.enqueue('reconcile-tag-changes', {}, { key: bucket }),
      queues.enqueue('read-mass-message-results', {}, { key: String(massBucket) }),
      // Anti-entropy: relations whose callback we missed (an outage of ours, a lost event).
      queues.enqueue(
        'reconcile-relations',
        {},
        { key: String(Math.floor(Date.now() / RECONCILE_RELATIONS_EVERY_MS)) },
      ),
      // At start and hourly: tag callbacks can be lost, and a fresh install needs the taxonomy.
      queues.enqueue('sync-corp-tags', { reason: 'scheduled' }, { key: `h${hour}` }),
      queues.enqueue('update-lifecycle-stages', {}, { key: day }),
      // Moments: the new posts every 15 minutes, and once a day the audit's days again for deleted ones.
      queues.enqueue('sync-moments', {}, { key: String(Math.floor(Date.now() / SYNC_MOMENTS_EVERY_MS)) }),
      queues.enqueue('sync-moments', { verifyDays: VERIFY_MOMENTS_DAYS }, { key: `verify-${day}` }),
      // Enterprise Moments: who has published HQ's posts, and whom they reached.
      queues.enqueue(
        'follow-moment-tasks',
        {},
        { key: String(Math.floor(Date.now() / FOLLOW_MOMENT_TASKS_EVERY_MS)) },
      ),
    ]).catch((error: unknown) =>
      logger.warn({ err: error }, 'could not queue reconciliation; next tick will'),
    );
  };
  // Events more often than the rest: one that failed for a passing reason (Redis or PostgreSQL gone for a moment)
  // is due again seconds later, and one whose job Redis lost should not wait half a minute either.
  const eventsTick = () => {
    const bucket = String(Math.floor(Date.now() / RECONCILE_EVENTS_EVERY_MS));
    queues
      .enqueue('reconcile-events', {}, { key: bucket })
      .catch((error: unknown) =>
        logger.warn({ errMessage: (error as Error).message }, 'could not queue event reconciliation'),
      );
  };
  tick();
  eventsTick();
  const timer = setInterval(tick, reconcileEveryMs);
  const eventsTimer = setInterval(eventsTick, RECONCILE_EVENTS_EVERY_MS);
  timer.unref();
  eventsTimer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      clearInterval(eventsTimer);
    },
  };
}
