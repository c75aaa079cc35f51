import type { JobOptions } from 'bull';
import type { z } from 'zod';
import type { Config } from '../bot/config';
import type { Pool } from 'pg';
import type { Db } from '../bot/db';
import type { Logger } from '../bot/logger';
import type { WecomClient } from '../bot/wecom/client';

/** What every job handler gets: the same dependencies the HTTP side has, and a logger for this job. */
export interface JobContext {
  config: Config;
  db: Db;
  pool: Pool;
  wecom: WecomClient;
  logger: Logger;
  enqueue: (name: string, payload: unknown, options?: EnqueueOptions) => Promise<void>;
  /** Replaces this job's payload for its next attempt (a batch job retries only what is left to do). */
  narrowRetry?: (payload: unknown) => Promise<void>;
}

export interface EnqueueOptions {
  /** Bull ignores an add whose jobId is already queued: our de-duplication key. */
  jobId?: string;
  delay?: number;
}

export interface JobDefinition<N extends string, S extends z.ZodType> {
  name: N;
  /** Validated when enqueued and again when the job runs (the payload crossed Redis in between). */
  schema: S;
  options: JobOptions;
  /** Jobs of this kind run at once per worker process (default: WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Jobs whose queues go first: while they have work waiting, this worker holds these jobs back. */
  yieldsTo?: string[];
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<unknown>;
}

export function defineJob<const N extends string, S extends z.ZodType>(
  definition: JobDefinition<N, S>,
): JobDefinition<N, S> {
  return definition;
}
