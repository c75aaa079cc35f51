import type { Config } from '../bot/config';
import type { DomainDeps } from '../bot/domain/deps';
import type { JobName, JobPayload, ParsedJobPayload } from '../bot/domain/jobs/job-definitions';

/** What every job handler gets: the domain's dependencies, the config, and a logger for this job. */
export interface JobContext<N extends JobName = JobName> extends DomainDeps {
  config: Config;
  /** Replaces this job's payload for its next attempt (a batch job retries only what is left to do). */
  narrowRetry?: (payload: JobPayload<N>) => Promise<void>;
  /**
   * Which of these job ids of `name` are still waiting, delayed or running (one Redis round trip): a reconciler
   * tells a lost job from one that is only waiting in a deep queue.
   */
  findPendingJobIds?: (name: JobName, jobIds: string[]) => Promise<Set<string>>;
  /**
   * Resolves when this job may go on: at once, or once the welcomes being sent are out (jobs/priorities.ts). A
   * job that yields to welcomes waits at its start anyway; a long one calls this between its steps too.
   */
  waitForTurn?: () => Promise<void>;
}

/**
 * How the worker runs one kind of job (its definition — name, payload, options, job id — is in
 * bot/domain/jobs/definitions/). Handlers are idempotent: stalled jobs run again and retries repeat.
 */
export interface JobHandler<N extends JobName> {
  /** Jobs of this kind run at once per worker process (default: WORKER_CONCURRENCY). */
  concurrency?: number;
  run: (payload: ParsedJobPayload<N>, ctx: JobContext<N>) => Promise<unknown>;
}

export function defineHandler<N extends JobName>(_name: N, handler: JobHandler<N>): JobHandler<N> {
  return handler;
}
