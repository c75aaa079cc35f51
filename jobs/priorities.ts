import type { Logger } from '../bot/logger';
import type { JobQueues } from './queues';
import type { JobName } from './registry';

export interface PriorityGovernor {
  /** Resolves when the queues `yieldsTo` names have nothing waiting or running (or after `MAX_WAIT_MS`). */
  waitForTurn(yieldsTo: readonly string[]): Promise<void>;
  stop(): void;
}

const MAX_WAIT_MS = 10_000;
/**
 * How long a queue counts as busy after it was last seen with work. In a burst the welcome queue is empty for a
 * moment between the callback route's batches; without this the yielding jobs (Prisma-heavy, ten at a time)
 * slipped through those gaps and took the worker's CPU for the rest of the burst.
 */
const BUSY_GRACE_MS = 1_000;

/**
 * Bull has no priority across queues, and the cores are shared by every process. A job kind that `yieldsTo`
 * others waits at its start while those have jobs waiting or running, in any process: in a burst of adds the
 * welcome jobs are taken as soon as they are queued, so "waiting" alone let the adds' profile fetches and
 * follow-ups (Prisma, a dozen statements each) take the CPU the welcomes needed. (Bull's own local pause
 * reconnects the blocking Redis connection on every pause, which misbehaved when toggled this often.)
 */
export function startPriorityGovernor(
  queues: JobQueues,
  logger: Logger,
  watched: readonly string[],
  everyMs = 100,
): PriorityGovernor {
  // Queue name → until when it counts as busy (epoch ms).
  const busyUntil = new Map<string, number>();
  let isChecking = false;
  const check = async () => {
    if (isChecking) return;
    isChecking = true;
    try {
      for (const name of watched) {
        const counts = await queues.queue(name as JobName).getJobCounts();
        if (counts.waiting + counts.active > 0) busyUntil.set(name, Date.now() + BUSY_GRACE_MS);
      }
    } catch (error) {
      busyUntil.clear(); // when in doubt, let work run
      logger.warn({ err: error }, 'job priority check failed');
    } finally {
      isChecking = false;
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return {
    async waitForTurn(yieldsTo) {
      const deadline = Date.now() + MAX_WAIT_MS;
      const isBusy = (name: string) => (busyUntil.get(name) ?? 0) > Date.now();
      while (yieldsTo.some(isBusy) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, everyMs / 2));
      }
    },
    stop() {
      clearInterval(timer);
      busyUntil.clear();
    },
  };
}
