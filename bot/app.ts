import Koa from 'koa';
import type { Config } from './config';
import type { Pool } from 'pg';
import type { Db } from './db';
import type { Logger } from './logger';
import { errorHandler } from './http/middlewares/error-handler';
import { requestContext } from './http/middlewares/request-context';
import { healthRoutes } from './http/routes/health';
import { integrationRoutes } from './http/routes/integrations';
import { staffApiRoutes } from './http/routes/staff-api';
import { STAFF_ROUTES } from './http/routes/staff-routes';
import { type AuthOptions, authRoutes } from './http/routes/auth';
import { momentNudgeRoutes } from './http/routes/moment-nudges';
import { sessionRoutes } from './http/routes/session';
import { sidebarBoot } from './http/routes/sidebar-boot';
import { deskStatic } from './http/routes/desk-static';
import { sidebarStatic } from './http/routes/sidebar-static';
import { verifyFileRoutes } from './http/routes/verify-file';
import { createJsapiTickets } from './wecom/jsapi-tickets';
import type { WecomClient } from './wecom/client';
import { isRedisGone } from './wecom/redis-availability';
import { wecomCallbackRoutes } from './http/routes/wecom-callback';
import type { Redis } from 'ioredis';
import { type EventIngestor, createEventIngestor } from './domain/events/event-ingestor';
import { createEventSpool } from './domain/events/event-spool';
import { enqueueEventJobs } from './domain/events/enqueue-event-jobs';
import type { Enqueue, EnqueueMany } from './domain/jobs/job-definitions';

/** What the HTTP app needs. The queues stay behind two functions: the web layer never imports jobs/. */
export interface AppDeps {
  config: Config;
  db: Db;
  pool: Pool;
  wecom: WecomClient;
  logger: Logger;
  /** Health checks and the integration nonces. */
  redis: Redis;
  /** Background work, type-checked against the job definitions. */
  enqueue: Enqueue;
  /** Many jobs of one kind in one round trip (the callback route's batches). */
  enqueueMany: EnqueueMany;
  /** Stores the callbacks; the process that stops the app drains its queueing (made here when not given). */
  ingestor?: EventIngestor;
}

// An enqueue that stalls (Redis down) gives up: the row is stored, and the queueing behind it must move on.
const ENQUEUE_TIMEOUT_MS = 1000;

/** Builds the Koa app without listening, so tests can drive `app.callback()` directly. */
export function createApp(deps: AppDeps): Koa {
  const { config, db, pool, wecom, logger, redis, enqueue } = deps;
  // Signs the sidebar's session and OAuth-state cookies.
  const app = new Koa({ proxy: true, keys: [config.sidebar.sessionSecret] });
  app.use(requestContext());
  app.use(errorHandler(logger));

  const domain = { db, pool, wecom, logger, enqueue };
  const ingestor = deps.ingestor ?? createCallbackIngestor(deps);
  const callback = wecomCallbackRoutes(
    { crypto: config.wecom, ingestor, logger },
    config.http.callbackBodyLimitBytes,
  );
  const health = healthRoutes(db, redis);
  const integrations = integrationRoutes(domain, {
    ...config.integration,
    redis,
    prefix: config.redis.queuePrefix,
  });
  const { sidebar } = config;
  const policy = { hqUserids: sidebar.hqUserids, storeManagers: sidebar.storeManagers };
  const auth: AuthOptions = {
    cookies: {
      sessionTtlSeconds: sidebar.sessionTtlSeconds,
      secure: config.http.publicUrl?.startsWith('https:') ?? false,
    },
    policy,
    publicUrl: config.http.publicUrl,
    oauthAuthorizeUrl: sidebar.oauthAuthorizeUrl,
    webLoginUrl: sidebar.webLoginUrl,
    corpId: config.wecom.corpId,
    agentId: config.wecom.agentId,
  };
  const tickets = createJsapiTickets({
    redis,
    redisPrefix: config.redis.queuePrefix,
    corpId: config.wecom.corpId,
    agentId: config.wecom.agentId,
    get: (api, query) => wecom.get(api, query),
  });
  const staff = staffApiRoutes(
    domain,
    { token: config.staffApi.token, policy, publicUrl: config.http.publicUrl },
    [
      ...STAFF_ROUTES,
      sessionRoutes({ tickets, wecom: config.wecom, publicUrl: config.http.publicUrl }),
      momentNudgeRoutes({
        agentId: config.wecom.agentId,
        sidebarUrl: config.http.publicUrl ? `${config.http.publicUrl}/sidebar/` : undefined,
      }),
    ],
  );
  const signIn = authRoutes(domain, auth);
  const verifyFiles = verifyFileRoutes(sidebar.verifyCodes);
  for (const router of [callback, health, integrations, staff, signIn, verifyFiles])
    app.use(router.routes()).use(router.allowedMethods());
  const boot = sidebarBoot({ tickets, wecom: config.wecom, publicUrl: config.http.publicUrl, logger });
  app.use(
    sidebarStatic({ distDir: sidebar.distDir, clientStandinUrl: sidebar.clientStandinUrl, auth, boot }),
  );
  app.use(deskStatic({ distDir: sidebar.distDir }));

  app.on('error', (error: Error) => logger.error({ err: error }, 'unhandled koa error'));
  return app;
}

/** The callback route's store: PostgreSQL first, the spool while PostgreSQL is down, then the queue. */
export function createCallbackIngestor({
  config,
  pool,
  logger,
  redis,
  enqueueMany,
}: Pick<AppDeps, 'config' | 'pool' | 'logger' | 'redis' | 'enqueueMany'>): EventIngestor {
  return createEventIngestor({
    pool,
    logger,
    spool: createEventSpool(config.http.callbackSpoolDir, (file, error) =>
      logger.error({ err: error, file }, 'spooled callback file unreadable: set aside, not replayed'),
    ),
    // The event id is the job id: a job already queued for an event is never queued twice.
    enqueueProcessing: (events) =>
      // Redis known to be gone: not even the second's wait, which held every batch of a burst back (the worker's
      // welcome sweeper greets from PostgreSQL, the reconciler queues the processing once Redis is back).
      isRedisGone(redis)
        ? Promise.reject(new Error(`Redis is ${redis.status}`))
        : withTimeout(
            enqueueEventJobs(enqueueMany, events),
            ENQUEUE_TIMEOUT_MS,
            'queueing callback events timed out',
          ),
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
