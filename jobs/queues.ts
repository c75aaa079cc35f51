import Queue from 'bull';
import { Redis, type RedisOptions } from 'ioredis';
import type { EnqueueOptions } from './define-job';
import { JOBS, type JobName, type JobPayload } from './registry';

export interface JobQueues {
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<void>;
  /** For domain code, which names jobs by string: the name is checked at run time, the payload by its schema. */
  enqueueByName(name: string, payload: unknown, options?: EnqueueOptions): Promise<void>;
  /** Many jobs of one kind in one Redis round trip (MULTI). */
  enqueueMany<N extends JobName>(
    name: N,
    jobs: { payload: JobPayload<N>; options?: EnqueueOptions }[],
  ): Promise<void>;
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
export function createJobQueues(redisUrl: string, prefix: string): JobQueues {
  // Bull requires these two settings for its subscriber and blocking clients.
  const bullOptions: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: false };
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const subscriber = new Redis(redisUrl, bullOptions);
  // Every queue listens for errors on the two shared connections.
  client.setMaxListeners(Object.keys(JOBS).length * 4);
  subscriber.setMaxListeners(Object.keys(JOBS).length * 4);
  const blocking: Redis[] = [];
  const queues = new Map<JobName, Queue.Queue>();

  for (const job of Object.values(JOBS)) {
    queues.set(
      job.name,
      new Queue(job.name, {
        prefix,
        defaultJobOptions: job.options,
        createClient(type) {
          if (type === 'client') return client;
          if (type === 'subscriber') return subscriber;
          const b = new Redis(redisUrl, bullOptions);
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
    async enqueue(name, payload, options = {}) {
      const data = JOBS[name].schema.parse(payload);
      await queue(name).add(data, { ...JOBS[name].options, jobId: options.jobId, delay: options.delay });
    },
    async enqueueByName(name, payload, options) {
      if (!(name in JOBS)) throw new Error(`unknown job ${name}`);
      await this.enqueue(name as JobName, payload as never, options);
    },
    async enqueueMany(name, jobs) {
      const def = JOBS[name];
      await queue(name).addBulk(
        jobs.map(({ payload, options = {} }) => ({
          data: def.schema.parse(payload),
          opts: { ...def.options, jobId: options.jobId, delay: options.delay },
        })),
      );
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
