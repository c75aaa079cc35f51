import type { JobName } from '../bot/domain/jobs/job-definitions';
import type { Logger } from '../bot/logger';
import type { JobQueues } from './queues';

/**
 * Background jobs, which wait while welcomes run: a welcome has 20 seconds, and these can wait until a burst of
 * them is out. An add's own processing (profile fetch, follow-ups: Prisma, a dozen statements) and the periodic
 * sweeps took the CPU the welcomes needed when they ran alongside.
 */
const YIELDS_TO_WELCOMES: ReadonlySet<JobName> = new Set<JobName>([
  'process-callback-event',
  // The tag pump also waits between its pushes (it calls waitForTurn), not only at a slice's start.
  'push-pending-tags',
  'read-mass-message-results',
  'reconcile-follow-ups',
  'reconcile-relations',
  'reconcile-tag-changes',
  'sync-corp-tags',
  'update-lifecycle-stages',
]);
const WELCOME_QUEUE: JobName = 'send-welcome';

export interface PriorityGovernor {
  /** Resolves when this kind of job may start: at once, or once the welcomes are out (or after `MAX_WAIT_MS`). */
  waitForTurn(name: JobName): Promise<void>;
  stop(): void;
}

const MAX_WAIT_MS = 10_000;
/**
 * How long the welcome queue counts as busy after it was last seen with work. In a burst it is empty for a
 * moment between the callback route's batches; without this the yielding jobs (Prisma-heavy, ten at a time)
 * slipped through those gaps and took the worker's CPU for the rest of the burst.
 */
const BUSY_GRACE_MS = 1_000;

/**
 * Bull has no priority across queues, and the cores are shared by every process. A background job waits at its
 * start while welcome jobs are waiting or running, in any process: in a burst of adds the welcome jobs are taken
 * as soon as they are queued, so "waiting" alone let the adds' processing take the CPU the welcomes needed.
 * (Bull's own local pause reconnects the blocking Redis connection on every pause, which misbehaved when toggled
 * this often.)
 */
export function startPriorityGovernor(queues: JobQueues, logger: Logger, everyMs = 100): PriorityGovernor {
  let busyUntil = 0;
  let isChecking = false;
  const check = async () => {
    if (isChecking) return;
    isChecking = true;
    try {
      const counts = await queues.queue(WELCOME_QUEUE).getJobCounts();
      if (counts.waiting + counts.active > 0) busyUntil = Date.now() + BUSY_GRACE_MS;
    } catch (error) {
      busyUntil = 0; // when in doubt, let work run
      logger.warn({ err: error }, 'job priority check failed');
    } finally {
      isChecking = false;
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return {
    async waitForTurn(name) {
      if (!YIELDS_TO_WELCOMES.has(name)) return;
      const deadline = Date.now() + MAX_WAIT_MS;
      while (busyUntil > Date.now() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, everyMs / 2));
      }
    },
    stop() {
      clearInterval(timer);
      busyUntil = 0;
    },
  };
}
