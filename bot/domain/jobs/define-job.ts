import type { z } from 'zod';

/**
 * How the queue keeps and retries a job: the part of Bull's JobOptions we use, restated so that definitions
 * import only zod (jobs/queues.ts hands these to Bull, and the compiler checks that they fit).
 */
export interface JobOptions {
  attempts?: number;
  backoff?: { type: 'fixed' | 'exponential'; delay: number };
  /** true: drop at once; a number: keep that many; `{ age }`: keep that many seconds. */
  removeOnComplete?: boolean | number | { age: number };
  removeOnFail?: boolean | number | { age: number };
}

/**
 * How a worker holds and recovers this kind of job: Bull's queue settings we use. A job whose worker died stays
 * "active" until its lock (`lockDurationMs`, renewed every half of it while the job runs) expires and a stalled
 * check (every `stalledIntervalMs`, and when a worker starts) puts it back to wait. Bull's defaults are 30 s each.
 */
export interface QueueSettings {
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface EnqueueOptions {
  /**
   * What sets this request apart from others with the same payload (a scheduler's time bucket, a due time, an
   * edit): the definition turns it into the job id. The queue ignores an add whose job id is already queued.
   */
  key?: string;
  delay?: number;
}

/**
 * One kind of background job, as every caller sees it: its name, its payload (validated when queued and again
 * when run, since it crosses Redis in between), how it is kept and retried, and its de-duplication id. The
 * handler lives in jobs/handlers/ (it may import anything); a definition imports only zod and constants, so
 * domain code can queue jobs type-checked without depending on the worker.
 */
export interface JobDefinition<
  N extends string,
  S extends z.ZodType,
  I extends string | undefined = string | undefined,
> {
  name: N;
  schema: S;
  options: JobOptions;
  queueSettings?: QueueSettings;
  /** The job id for a payload (and the caller's key); undefined lets the queue make one up (no de-duplication). */
  jobId: (payload: z.output<S>, key: string | undefined) => I;
}

export function defineJob<const N extends string, S extends z.ZodType, I extends string | undefined>(
  definition: JobDefinition<N, S, I>,
): JobDefinition<N, S, I> {
  return definition;
}

/** A job id made of a prefix and the caller's key; no key, no de-duplication. */
export const keyedJobId =
  (prefix: string) =>
  (_payload: unknown, key: string | undefined): string | undefined =>
    key === undefined ? undefined : `${prefix}:${key}`;
