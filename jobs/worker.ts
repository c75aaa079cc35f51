import type { Job } from 'bull';
import { isRetryable } from '../bot/errors';
import type { JobContext } from './define-job';
import type { JobQueues } from './queues';
import { type PriorityGovernor, startPriorityGovernor } from './priorities';
import { JOBS } from './registry';

export interface WorkerDeps extends Omit<JobContext, 'enqueue' | 'narrowRetry'> {
  queues: JobQueues;
}

/**
 * Registers a processor for every job. The payload is validated again (it crossed Redis); an error that can
 * never succeed discards the job instead of burning its retries; only the final failure is logged as an error.
 */
export function startWorker(deps: WorkerDeps, concurrency: number): PriorityGovernor {
  const { queues, logger } = deps;
  const yieldsTo = (def: (typeof JOBS)[keyof typeof JOBS]): readonly string[] =>
    'yieldsTo' in def && Array.isArray(def.yieldsTo) ? def.yieldsTo : [];
  const watched = [...new Set(Object.values(JOBS).flatMap(yieldsTo))];
  const governor = startPriorityGovernor(queues, logger, watched);
  for (const def of Object.values(JOBS)) {
    const queue = queues.queue(def.name);
    queue.on('failed', (job: Job, error: Error) => {
      const isFinal = job.attemptsMade >= (job.opts.attempts ?? 1) || !isRetryable(error);
      const log = logger.child({ job: def.name, jobId: job.id, attempt: job.attemptsMade });
      if (isFinal) log.error({ err: error }, 'job failed for good');
      else log.warn({ errMessage: error.message }, 'job failed, will retry');
    });
    void queue.process(def.concurrency ?? concurrency, async (job: Job) => {
      await governor.waitForTurn(yieldsTo(def));
      const jobLogger = logger.child({ job: def.name, jobId: job.id });
      const parsed = def.schema.safeParse(job.data);
      if (!parsed.success) {
        void job.discard();
        throw new Error(`invalid payload for ${def.name}: ${parsed.error.message}`);
      }
      const ctx: JobContext = {
        ...deps,
        logger: jobLogger,
        enqueue: (name, payload, options) => queues.enqueueByName(name, payload, options),
        narrowRetry: async (payload) => {
          await job.update(def.schema.parse(payload));
        },
      };
      try {
        return await (def.handler as (p: unknown, c: JobContext) => Promise<unknown>)(parsed.data, ctx);
      } catch (error) {
        if (!isRetryable(error)) void job.discard();
        throw error;
      }
    });
  }
  return governor;
}
