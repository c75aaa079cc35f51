import type { Server } from 'node:http';
import { createJobQueues, type JobQueues } from '../jobs/queues';
import { startScheduler, type Scheduler } from '../jobs/scheduler';
import { startWorker } from '../jobs/worker';
import { type AppDeps, createApp, createCallbackIngestor } from './app';
import type { EventIngestor } from './domain/events/event-ingestor';
import type { Config } from './config';
import type { Pool } from 'pg';
import { closeDatabase, createDatabase, type Db } from './db';
import { applyServerTimeouts } from './http/server-timeouts';
import type { Logger } from './logger';
import { WecomClient } from './wecom/client';

export interface Services {
  config: Config;
  logger: Logger;
  db: Db;
  pool: Pool;
  queues: JobQueues;
  wecom: WecomClient;
}

/** Connects the shared parts every process role uses. */
export function createServices(config: Config, logger: Logger): Services {
  const { db, pool } = createDatabase(config.database.url, config.database.poolSize, (error) =>
    logger.warn(
      { errMessage: error.message },
      'an idle PostgreSQL connection dropped; the pool opens another',
    ),
  );
  const queues = createJobQueues(config.redis.url, config.redis.queuePrefix, (error) =>
    logger.warn({ errMessage: error.message }, 'Redis connection error; reconnecting'),
  );
  const wecom = new WecomClient({
    ...config.wecom,
    redis: queues.redis,
    redisPrefix: config.redis.queuePrefix,
    logger: logger.child({ component: 'wecom' }),
  });
  return { config, logger, db, pool, queues, wecom };
}

/** The HTTP app's dependencies: here, in the composition root, the queues meet the web layer. */
export function appDepsOf({ config, db, pool, wecom, logger, queues }: Services): AppDeps {
  return {
    config,
    db,
    pool,
    wecom,
    logger,
    redis: queues.redis,
    enqueue: queues.enqueue,
    enqueueMany: queues.enqueueMany,
  };
}

export interface RunningService {
  services: Services;
  /** The listening address when the web role runs. */
  url: string | null;
  stop(): Promise<void>;
}

/** Connections opened at once by the warm-up: enough for the first burst of callbacks or jobs. */
const WARM_CONNECTIONS = 4;

/**
 * Pays the one-time costs before taking work, not during the first callbacks or jobs: Prisma's query compiler
 * loads its WebAssembly on the first model query (a stall of the event loop at the start of the first burst in
 * worker profiles), and each new PostgreSQL connection costs a handshake. A failure here is only logged: the work itself retries.
 */
async function warmUp({ db, pool, config, logger }: Services): Promise<void> {
  try {
    await db.guide.findFirst({ select: { id: true } });
    const connections = Math.min(WARM_CONNECTIONS, config.database.poolSize);
    await Promise.all(Array.from({ length: connections }, () => pool.query('SELECT 1')));
  } catch (error) {
    logger.warn({ err: error }, 'warm-up failed; starting anyway');
  }
}

/** Starts the roles this process plays (web, worker, scheduler): one image, several process roles. */
export async function runService(config: Config, logger: Logger): Promise<RunningService> {
  const services = createServices(config, logger);
  const { db, pool, queues, wecom } = services;
  await warmUp(services);
  let server: Server | null = null;
  let ingestor: EventIngestor | null = null;
  let scheduler: Scheduler | null = null;
  let url: string | null = null;

  const governor = config.roles.includes('worker')
    ? startWorker({ config, db, pool, wecom, logger, queues }, config.worker.concurrency)
    : null;
  if (config.roles.includes('scheduler')) scheduler = startScheduler(queues, logger);
  if (config.roles.includes('web')) {
    const appDeps = appDepsOf(services);
    ingestor = createCallbackIngestor(appDeps);
    const app = createApp({ ...appDeps, ingestor });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(config.http.port, config.http.host, () => resolve(s));
      // Before it listens: a request that stalls its headers or body is dropped, not held for minutes.
      applyServerTimeouts(s, config.http);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    url = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
  }
  logger.info({ roles: config.roles, url }, 'service started');

  return {
    services,
    url,
    async stop() {
      // Stop taking work first, then let active jobs finish (Bull's close waits for them), then disconnect.
      scheduler?.stop();
      governor?.stop();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
      // Deliveries under way are stored and their jobs queued before PostgreSQL and Redis close.
      if (ingestor) {
        ingestor.stop();
        await ingestor.drain();
      }
      await queues.close();
      await wecom.close();
      await closeDatabase({ db, pool });
      logger.info('service stopped');
    },
  };
}
