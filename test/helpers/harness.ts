import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type Koa from 'koa';
import { createApp, createCallbackIngestor } from '../../bot/app';
import type { EventIngestor } from '../../bot/domain/events/event-ingestor';
import type { DomainDeps } from '../../bot/domain/deps';
import { type Config, loadConfig } from '../../bot/config';
import { closeDatabase } from '../../bot/db';
import { applyServerTimeouts } from '../../bot/http/server-timeouts';
import { createLogger } from '../../bot/logger';
import { type Services, appDepsOf, createServices } from '../../bot/services';
import { JOB_DEFINITIONS, type JobName } from '../../bot/domain/jobs/job-definitions';
import { startWorker } from '../../jobs/worker';
import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { type WecomSimulator, startWecomSimulator } from '../wecom-sim/server';
import { TEST_INTEGRATION_SECRET, TEST_STAFF_TOKEN } from './integration-client';
import { createIsolatedDatabase, testDatabaseUrl, testRedisUrl } from './services';

export interface TestContext {
  sim: WecomSimulator;
  config: Config;
  services: Services;
  app: Koa;
  /** The callback route's store: `drain()` waits for the deliveries under way and their jobs. */
  ingestor: EventIngestor;
  /** The bot's base URL on a real listening port (the simulator delivers callbacks to it). */
  url: string;
  callbackUrl: string;
  close(): Promise<void>;
}

export interface TestContextOptions {
  /** Run the job workers in this process (default true). */
  worker?: boolean;
  /** Extra settings; a function gets the simulator's URL (e.g. WECOM_CLIENT_STANDIN_URL, test/e2e). */
  env?: Record<string, string> | ((simUrl: string) => Record<string, string>);
  /** A database of this file's own (see createIsolatedDatabase) instead of the shared test database. */
  isolatedDatabase?: boolean;
}

/** The env a test bot runs with: the demo corp's credentials, the simulator as WeCom, a private queue prefix. */
export function testEnv(simUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: testRedisUrl(),
    // Each test file gets its own queues and WeCom token cache in the shared Redis.
    QUEUE_PREFIX: `t-${randomBytes(6).toString('hex')}`,
    // …and its own callback spool (events acknowledged while PostgreSQL is down).
    CALLBACK_SPOOL_DIR: path.join(os.tmpdir(), 'scrm-test-spool', randomBytes(6).toString('hex')),
    WECOM_CORP_ID: DEMO_CORP.corpId,
    WECOM_AGENT_ID: String(DEMO_CORP.agentId),
    WECOM_SECRET: DEMO_CORP.corpSecret,
    WECOM_CALLBACK_TOKEN: DEMO_CORP.token,
    WECOM_ENCODING_AES_KEY: DEMO_CORP.encodingAesKey,
    WECOM_API_BASE: simUrl,
    WECOM_HTTP_TIMEOUT_MS: '2000',
    // The sidebar's sign-in goes through the simulator's authorize step (test/helpers/sign-in.ts).
    WECOM_OAUTH_AUTHORIZE_URL: `${simUrl}/connect/oauth2/authorize`,
    WECOM_WEB_LOGIN_URL: `${simUrl}/wwlogin/sso/login`,
    // Off: the welcome sweeper greets any open add in the database, and test files share one (and each has a
    // simulator of its own). A test that needs it turns it on, on a database of its own.
    WELCOME_SWEEP_EVERY_MS: '0',
    INTEGRATION_SECRET: TEST_INTEGRATION_SECRET,
    STAFF_API_TOKEN: TEST_STAFF_TOKEN,
    ...extra,
  };
}

/** A bot on a real port, real PostgreSQL and Redis, and the WeCom simulator pointed at it. */
export async function startTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const sim = await startWecomSimulator({});
  const isolated = options.isolatedDatabase ? await createIsolatedDatabase() : null;
  const config = loadConfig(
    testEnv(sim.url, {
      ...(isolated ? { DATABASE_URL: isolated.url } : {}),
      ...(typeof options.env === 'function' ? options.env(sim.url) : options.env),
    }),
  );
  const logger = createLogger({ level: 'silent', pretty: false });
  const services = createServices(config, logger);
  const governor = (options.worker ?? true) ? startWorker({ ...services }, 4) : null;
  const appDeps = appDepsOf(services);
  const ingestor = createCallbackIngestor(appDeps);
  const app = createApp({ ...appDeps, ingestor });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    applyServerTimeouts(s, config.http);
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const callbackUrl = `${url}/wecom/callback`;
  sim.setCallbackUrl(callbackUrl);
  return {
    sim,
    config,
    services,
    app,
    ingestor,
    url,
    callbackUrl,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      governor?.stop();
      ingestor.stop();
      await settleWithin(3000, () => ingestor.drain());
      // Bounded: a test may point the bot at a dead Redis on purpose, and Bull would wait for it forever.
      await settleWithin(3000, async () => {
        for (const name of Object.keys(JOB_DEFINITIONS) as JobName[]) {
          await services.queues.queue(name).obliterate({ force: true });
        }
      });
      await settleWithin(3000, () => services.queues.close());
      services.queues.disconnect();
      const redisTimers = ioredisDisconnectTimers(services);
      await services.wecom.close();
      // The pool too: a context that only ran the raw-SQL ingest (the dead-Redis tests) never connected Prisma.
      await closeDatabase(services);
      await isolated?.drop();
      await sim.stop();
      await redisTimers;
    },
  };
}

/**
 * ioredis's disconnect() on a client whose socket is already gone (Redis unreachable: status 'reconnecting')
 * arms a ref'd timer of `disconnectTimeout` (2 s) to destroy that socket, and nothing clears it, since the socket
 * has closed already (redis/ioredis#1247); Bull's close() and ours arm one per call. Resolves once they have run,
 * so that no timer outlives the context. Call it right after the last disconnect().
 */
function ioredisDisconnectTimers(services: Services): Promise<void> {
  const clients = new Set([services.queues.redis]);
  for (const name of Object.keys(JOB_DEFINITIONS) as JobName[]) {
    for (const client of services.queues.queue(name).clients) clients.add(client);
  }
  const stuck = [...clients].filter((client) => client.status === 'reconnecting');
  if (stuck.length === 0) return Promise.resolve();
  const ms = Math.max(...stuck.map((client) => client.options.disconnectTimeout ?? 2000));
  return new Promise((resolve) => setTimeout(resolve, ms + 50));
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function settleWithin(ms: number, work: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work().catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}

/** A guide only this test file uses (added to the simulator's directory), so its follow-ups are its own. */
export function addTestGuide(sim: WecomSimulator, name = '测试导购'): string {
  const userid = `guide_${randomBytes(4).toString('hex')}`;
  sim.state.members.set(userid, {
    userid,
    name,
    department: [2],
    mainDepartment: 2,
    position: '导购',
    hasCustomerContact: true,
  });
  return userid;
}

/** The domain dependencies, as a job handler gets them. */
export function domainDeps(ctx: TestContext): DomainDeps {
  const { db, pool, wecom, logger, queues } = ctx.services;
  return { db, pool, wecom, logger, enqueue: queues.enqueue };
}
