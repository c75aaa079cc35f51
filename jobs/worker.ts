import type { Job } from 'bull';
import type { Config } from '../bot/config';
import type { DomainDeps } from '../bot/domain/deps';
import { JOB_DEFINITIONS, type JobName } from '../bot/domain/jobs/job-definitions';
import { isRetryable } from '../bot/errors';
import type { JobContext } from './define-handler';
import { type PriorityGovernor, startPriorityGovernor } from './priorities';
import type { JobQueues } from './queues';
import { HANDLERS } from './registry';

export interface WorkerDeps extends Omit<DomainDeps, 'enqueue'> {
  config: Config;
  queues: JobQueues;
}

/**
 * Registers a processor for every job. The payload is validated again (it crossed Redis); an error that can
 * never succeed discards the job instead of burning its retries; only the final failure is logged as an error.
 */
export function startWorker(deps: WorkerDeps, concurrency: number): PriorityGovernor {
  const { queues, logger } = deps;
  const governor = startPriorityGovernor(queues, logger);
  for (const name of Object.keys(JOB_DEFINITIONS) as JobName[]) {
    const definition = JOB_DEFINITIONS[name];
    // One name at a time, so the handler's and the schema's types meet as `unknown` here, checked at run time.
    const handler = HANDLERS[name] as unknown as {
      concurrency?: number;
      run: (payload: unknown, ctx: JobContext) => Promise<unknown>;
    };
    const queue = queues.queue(name);
    queue.on('failed', (job: Job, error: Error) => {
      const isFinal = job.attemptsMade >= (job.opts.attempts ?? 1) || !isRetryable(error);
      const log = logger.child({ job: name, jobId: job.id, attempt: job.attemptsMade });
      if (isFinal) log.error({ err: error }, 'job failed for good');
      else log.warn({ errMessage: error.message }, 'job failed, will retry');
    });
    void queue.process(handler.concurrency ?? concurrency, async (job: Job) => {
      await governor.waitForTurn(name);
      const parsed = definition.schema.safeParse(job.data);
      if (!parsed.success) {
        void job.discard();
        throw new Error(`invalid payload for ${name}: ${parsed.error.message}`);
      }
      const ctx: JobContext = {
        ...deps,
        logger: logger.child({ job: name, jobId: job.id }),
        enqueue: queues.enqueue,
        narrowRetry: async (payload) => {
          await job.update(definition.schema.parse(payload));
        },
      };
      try {
        return await handler.run(parsed.data, ctx);
      } catch (error) {
        if (!isRetryable(error)) void job.discard();
        throw error;
      }
    });
  }
  return governor;
}
