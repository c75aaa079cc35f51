import Koa from 'koa';
import type { Config } from './config';
import type { Db } from './db';
import type { Logger } from './logger';
import { errorHandler } from './http/middlewares/error-handler';
import { requestContext } from './http/middlewares/request-context';
import { healthRoutes } from './http/routes/health';
import { wecomCallbackRoutes } from './http/routes/wecom-callback';
import type { JobQueues } from '../jobs/queues';

export interface AppDeps {
  config: Config;
  db: Db;
  queues: JobQueues;
  logger: Logger;
}

// A queued event whose enqueue stalls (Redis down) must not hold WeCom's 5-second window: the row is stored.
const ENQUEUE_TIMEOUT_MS = 1000;

/** Builds the Koa app without listening, so tests can drive `app.callback()` directly. */
export function createApp({ config, db, queues, logger }: AppDeps): Koa {
  const app = new Koa({ proxy: true });
  app.use(requestContext(logger));
  app.use(errorHandler(logger));

  const callback = wecomCallbackRoutes(
    {
      db,
      logger,
      crypto: config.wecom,
      enqueueProcessing: (eventId) =>
        withTimeout(
          queues.enqueue('process-callback-event', { eventId }, { jobId: eventId }),
          ENQUEUE_TIMEOUT_MS,
          'queueing the event timed out',
        ),
    },
    config.http.callbackBodyLimitBytes,
  );
  const health = healthRoutes(db, queues.redis);
  for (const router of [callback, health]) app.use(router.routes()).use(router.allowedMethods());

  app.on('error', (error: Error) => logger.error({ err: error }, 'unhandled koa error'));
  return app;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
