import Queue from 'bull';
import { Redis, type RedisOptions } from 'ioredis';
import type { EnqueueOptions, QueueSettings } from '../bot/domain/jobs/define-job';
import {
  type Enqueue,
  type EnqueueMany,
  JOB_DEFINITIONS,
  type JobName,
  type JobPayload,
} from '../bot/domain/jobs/job-definitions';

export interface JobQueues {
  enqueue: Enqueue;
  /** Many jobs of one kind in one Redis round trip (MULTI). */
  enqueueMany: EnqueueMany;
  queue(name: JobName): Queue.Queue;
  /** The Redis connection shared by the queues (also used for the WeCom token and rate limits). */
  redis: Redis;
  /** Waits for active jobs to finish, then disconnects. */
  close(): Promise<void>;
  /** Drops every connection at once, without waiting (e.g. when Redis is gone). */
  disconnect(): void;
}

/**
 * One Bull queue per job name, all on two shared Redis connections (Bull needs its own blocking connection per
 * queue). Bull stays behind this module so that a move to BullMQ touches this folder only.
 */
export function createJobQueues(
  redisUrl: string,
  prefix: string,
  onConnectionError: (error: Error) => void = () => undefined,
): JobQueues {
  // Bull requires these two settings for its subscriber and blocking clients.
  const bullOptions: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: false };
  // Every connection has a listener: ioredis prints "Unhandled error event" for one without, on every reconnect
  // attempt while Redis is down. What they report is said once per REDIS_ERROR_EVERY_MS.
  const reportError = throttled(onConnectionError, REDIS_ERROR_EVERY_MS);
  const connect = (options: RedisOptions) => new Redis(redisUrl, options).on('error', reportError);
  const client = connect({ maxRetriesPerRequest: 3 });
  const subscriber = connect(bullOptions);
  // Every queue listens for errors on the two shared connections.
  const names = Object.keys(JOB_DEFINITIONS) as JobName[];
  client.setMaxListeners(names.length * 4);
  subscriber.setMaxListeners(names.length * 4);
  const blocking: Redis[] = [];
  const queues = new Map<JobName, Queue.Queue>();

  for (const name of names) {
    const definition: { queueSettings?: QueueSettings } = JOB_DEFINITIONS[name];
    const { lockDurationMs, stalledIntervalMs } = definition.queueSettings ?? {};
    queues.set(
      name,
      new Queue(name, {
        prefix,
        defaultJobOptions: JOB_DEFINITIONS[name].options,
        settings: {
          ...(lockDurationMs === undefined ? {} : { lockDuration: lockDurationMs }),
          ...(stalledIntervalMs === undefined ? {} : { stalledInterval: stalledIntervalMs }),
        },
        createClient(type) {
          if (type === 'client') return client;
          if (type === 'subscriber') return subscriber;
          const b = connect(bullOptions);
          blocking.push(b);
          return b;
        },
      }),
    );
  }

  const queue = (name: JobName): Queue.Queue => {
    const q = queues.get(name);
    if (!q) throw new Error(`unknown job ${name}`);
    return q;
  };

  return {
    redis: client,
    queue,
    async enqueue(name, payload, options) {
      const job = toBullJob(name, payload, options);
      await queue(name).add(job.data, job.opts);
    },
    async enqueueMany(name, jobs) {
      await queue(name).addBulk(jobs.map(({ payload, options }) => toBullJob(name, payload, options)));
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      this.disconnect();
    },
    disconnect() {
      for (const c of [client, subscriber, ...blocking]) c.disconnect();
    },
  };
}

const REDIS_ERROR_EVERY_MS = 10_000;

function throttled(report: (error: Error) => void, everyMs: number): (error: Error) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    report(error);
  };
}

/** The payload validated against its definition, and the job id the definition makes of it. */
function toBullJob<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  options: EnqueueOptions = {},
): { data: unknown; opts: Queue.JobOptions } {
  const definition = JOB_DEFINITIONS[name];
  const data: unknown = definition.schema.parse(payload);
  const jobId = (definition.jobId as (p: unknown, key: string | undefined) => string | undefined)(
    data,
    options.key,
  );
  return { data, opts: { ...definition.options, jobId, delay: options.delay } };
}
