import type { Job } from 'bull';
import type { Config } from '../bot/config';
import type { DomainDeps } from '../bot/domain/deps';
import { JOB_DEFINITIONS, type JobName } from '../bot/domain/jobs/job-definitions';
import { isRetryable } from '../bot/errors';
import { retryAfterOf } from '../bot/wecom/errors';
import type { JobContext } from './define-handler';
import { startPriorityGovernor } from './priorities';
import type { JobQueues } from './queues';
import { HANDLERS } from './registry';
import { startWelcomeSweeper } from './welcome-sweeper';

export interface WorkerDeps extends Omit<DomainDeps, 'enqueue'> {
  config: Config;
  queues: JobQueues;
}

/**
 * A job refused with a known time to wait (our own WeCom rate limit: when the window reopens). Not a failure:
 * the job is moved to delayed for that long and the attempt is given back, so a burst delays work, never ends it.
 */
class JobPostponedError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'JobPostponedError';
    // Bull keeps one stack per failed attempt in the job's hash; a postponement adds none.
    this.stack = undefined;
  }
}

export interface RunningWorker {
  /** Stops the timers (priority checks, the welcome sweeper); the queues are closed by their owner. */
  stop(): void;
}

/**
 * Registers a processor for every job. The payload is validated again (it crossed Redis); an error that can
 * never succeed discards the job instead of burning its retries; one that says when to come back postpones the
 * job without spending an attempt; only the final failure is logged as an error. Beside the queue, the welcome
 * sweeper greets from PostgreSQL the adds whose welcome job Redis lost or never got.
 */
export function startWorker(deps: WorkerDeps, concurrency: number): RunningWorker {
  const { queues, logger } = deps;
  const governor = startPriorityGovernor(queues, logger, { prefix: deps.config.redis.queuePrefix });
  const sweepEveryMs = deps.config.worker.welcomeSweepEveryMs;
  const sweeper =
    sweepEveryMs > 0
      ? startWelcomeSweeper(
          { ...deps, logger: logger.child({ component: 'welcome sweeper' }), enqueue: queues.enqueue },
          {
            everyMs: sweepEveryMs,
            track: (work) => governor.track(work),
            findQueuedEvents: (ids) => findPendingJobIds(queues, 'process-callback-event', ids),
          },
        )
      : null;
  for (const name of Object.keys(JOB_DEFINITIONS) as JobName[]) {
    const definition = JOB_DEFINITIONS[name];
    // One name at a time, so the handler's and the schema's types meet as `unknown` here, checked at run time.
    const handler = HANDLERS[name] as unknown as {
      concurrency?: number;
      run: (payload: unknown, ctx: JobContext) => Promise<unknown>;
    };
    const queue = queues.queue(name);
    queue.on('failed', (job: Job, error: Error) => {
      if (error instanceof JobPostponedError) {
        logger.debug({ job: name, jobId: job.id, delayMs: error.delayMs }, 'job postponed');
        return;
      }
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
        enqueueMany: queues.enqueueMany,
        narrowRetry: async (payload) => {
          await job.update(definition.schema.parse(payload));
        },
        findPendingJobIds: (jobName, jobIds) => findPendingJobIds(queues, jobName, jobIds),
        waitForTurn: () => governor.waitForTurn(name),
      };
      try {
        // Welcomes count as running for the other jobs' priorities, in this worker only while it lives.
        if (name === 'send-welcome') return await governor.track(() => handler.run(parsed.data, ctx));
        return await handler.run(parsed.data, ctx);
      } catch (error) {
        const delayMs = retryAfterOf(error);
        if (delayMs !== undefined) throw postpone(job, error, delayMs);
        if (!isRetryable(error)) void job.discard();
        throw error;
      }
    });
  }
  return {
    stop: () => {
      sweeper?.stop();
      governor.stop();
    },
  };
}

/**
 * Bull moves a failed job with attempts left to delayed by its backoff, counting the attempt first; this job's
 * backoff becomes the wait and the attempt is given back before Bull counts it (both only for this failure:
 * Bull reads them from the job object and the job's options in Redis stay as they were). One MULTI, as for any
 * retry, so the job is never missing from Redis meanwhile.
 */
function postpone(job: Job, error: unknown, delayMs: number): JobPostponedError {
  job.attemptsMade -= 1;
  job.opts.backoff = { type: 'fixed', delay: Math.max(1, Math.ceil(delayMs)) };
  const message = error instanceof Error ? error.message : String(error);
  return new JobPostponedError(`postponed ${delayMs} ms: ${message}`, delayMs);
}

/** The ids among `jobIds` whose job exists and has not finished (waiting, delayed, active): one round trip. */
export async function findPendingJobIds(
  queues: JobQueues,
  name: JobName,
  jobIds: string[],
): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set();
  const queue = queues.queue(name);
  const pipeline = queue.client.pipeline();
  for (const id of jobIds) pipeline.hmget(queue.toKey(id), 'timestamp', 'finishedOn');
  const replies = (await pipeline.exec()) ?? [];
  const pending = new Set<string>();
  replies.forEach(([error, fields], i) => {
    if (error) throw error;
    const [createdAt, finishedOn] = fields as (string | null)[];
    const id = jobIds[i];
    if (id !== undefined && createdAt != null && finishedOn == null) pending.add(id);
  });
  return pending;
}
