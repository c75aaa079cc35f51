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
  const busy = new Set<string>();
  let isChecking = false;
  const check = async () => {
    if (isChecking) return;
    isChecking = true;
    try {
      for (const name of watched) {
        const counts = await queues.queue(name as JobName).getJobCounts();
        if (counts.waiting + counts.active > 0) busy.add(name);
        else busy.delete(name);
      }
    } catch (error) {
      busy.clear(); // when in doubt, let work run
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
      while (yieldsTo.some((name) => busy.has(name)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, everyMs / 2));
      }
    },
    stop() {
      clearInterval(timer);
      busy.clear();
    },
  };
}
