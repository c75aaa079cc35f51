import type { Logger } from '../bot/logger';
import type { JobQueues } from './queues';
import { JOBS, type JobName } from './registry';

export interface PriorityGovernor {
  stop(): void;
}

/**
 * Bull has no priority across queues, and a worker process's CPU is shared by all of them. So a job kind that
 * `yieldsTo` others is paused in this process (not globally) while those have jobs waiting, and resumed after.
 */
export function startPriorityGovernor(queues: JobQueues, logger: Logger, everyMs = 100): PriorityGovernor {
  const yielding = Object.values(JOBS).filter(
    (def): def is typeof def & { yieldsTo: string[] } => 'yieldsTo' in def && Array.isArray(def.yieldsTo),
  );
  const paused = new Set<JobName>();
  let isChecking = false;
  const check = async () => {
    if (isChecking) return;
    isChecking = true;
    try {
      for (const def of yielding) {
        const counts = await Promise.all(
          def.yieldsTo.map((name) => queues.queue(name as JobName).getWaitingCount()),
        );
        const isBusy = counts.some((n) => n > 0);
        if (isBusy && !paused.has(def.name)) {
          paused.add(def.name);
          await queues.queue(def.name).pause(true, true);
        } else if (!isBusy && paused.has(def.name)) {
          paused.delete(def.name);
          await queues.queue(def.name).resume(true);
        }
      }
    } catch (error) {
      logger.warn({ err: error }, 'job priority check failed');
    } finally {
      isChecking = false;
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      for (const name of paused) void queues.queue(name).resume(true);
    },
  };
}
