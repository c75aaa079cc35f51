import { randomUUID } from 'node:crypto';
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
  'sync-moments',
  'follow-moment-tasks',
  'update-lifecycle-stages',
]);
const WELCOME_QUEUE: JobName = 'send-welcome';

export interface PriorityGovernor {
  /** Resolves when this kind of job may start: at once, or once the welcomes are out (or after `MAX_WAIT_MS`). */
  waitForTurn(name: JobName): Promise<void>;
  /** Runs welcome work (a job, a batch of the welcome sweeper), counted as this worker's while it runs. */
  track<T>(work: () => Promise<T>): Promise<T>;
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
 * A worker's count of running welcomes lives this long unless renewed (every check renews it). A worker that
 * died stops counting after this, where Bull would list its jobs as active until its stalled check cleared
 * them (30 s by default): a restarted worker's background jobs waited on welcomes nobody was running.
 */
export const WELCOME_HEARTBEAT_TTL_MS = 1_500;

// KEYS: the set of worker ids, this worker's count key, the welcome queue's wait list. ARGV: this worker's id,
// its count, the TTL, the count keys' prefix. Renews this worker's count (or drops it at 0), forgets workers
// whose count expired, and returns the waiting welcome jobs plus every live worker's running welcomes.
const HEARTBEAT = `
if tonumber(ARGV[2]) > 0 then
  redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[3]); redis.call('sadd', KEYS[1], ARGV[1])
else
  redis.call('del', KEYS[2])
end
local total = redis.call('llen', KEYS[3])
for _, id in ipairs(redis.call('smembers', KEYS[1])) do
  local n = redis.call('get', ARGV[4] .. id)
  if n then total = total + tonumber(n) else redis.call('srem', KEYS[1], id) end
end
return total`;

/**
 * Renews this worker's count of running welcomes (`self`) and returns the welcome work there is: jobs waiting in
 * the queue plus the welcomes every live worker is running. A dead worker's count has expired by then, whatever
 * Bull's active list still says. One round trip.
 */
export async function reportWelcomeLoad(
  queues: JobQueues,
  prefix: string,
  self: { workerId: string; running: number },
): Promise<number> {
  const countKeyPrefix = `${prefix}:welcome-running:`;
  const total = await queues.redis.eval(
    HEARTBEAT,
    3,
    `${prefix}:welcome-workers`,
    `${countKeyPrefix}${self.workerId}`,
    queues.queue(WELCOME_QUEUE).toKey('wait'),
    self.workerId,
    self.running,
    WELCOME_HEARTBEAT_TTL_MS,
    countKeyPrefix,
  );
  return Number(total);
}

/**
 * Bull has no priority across queues, and the cores are shared by every process. A background job waits at its
 * start while welcomes are waiting in the queue or running in any live worker: in a burst of adds the welcome
 * jobs are taken as soon as they are queued, so "waiting" alone let the adds' processing take the CPU the
 * welcomes needed. Running welcomes are counted by each worker itself under a key that expires, not read from
 * Bull's active list, which keeps a dead worker's jobs until its stalled check. (Bull's own local pause
 * reconnects the blocking Redis connection on every pause, which misbehaved when toggled this often.)
 */
export function startPriorityGovernor(
  queues: JobQueues,
  logger: Logger,
  options: { everyMs?: number; prefix: string },
): PriorityGovernor {
  const everyMs = options.everyMs ?? 100;
  const workerId = randomUUID();
  let running = 0;
  let busyUntil = 0;
  let isChecking = false;
  let warnedAt = 0;
  const check = async () => {
    if (isChecking) return;
    isChecking = true;
    try {
      const load = await reportWelcomeLoad(queues, options.prefix, { workerId, running });
      if (load > 0) busyUntil = Date.now() + BUSY_GRACE_MS;
    } catch (error) {
      // When in doubt, let work run; this worker's own welcomes still count.
      busyUntil = running > 0 ? Date.now() + BUSY_GRACE_MS : 0;
      // Said once in a while: every 100 ms while Redis is down would flood the log.
      if (Date.now() - warnedAt > 10_000) {
        warnedAt = Date.now();
        logger.warn({ errMessage: (error as Error).message }, 'job priority check failed');
      }
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
      while ((running > 0 || busyUntil > Date.now()) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, everyMs / 2));
      }
    },
    async track(work) {
      running += 1;
      try {
        return await work();
      } finally {
        running -= 1;
      }
    },
    stop() {
      clearInterval(timer);
      busyUntil = 0;
      running = 0;
    },
  };
}
