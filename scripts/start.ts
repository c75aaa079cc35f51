// `npm start`: the whole system on one machine with embedded defaults. With no DATABASE_URL an embedded
// PostgreSQL runs under .data/, with no REDIS_URL a private redis-server does, and with no WECOM_CORP_ID the
// WeCom simulator stands in for WeCom with the demo corp. Every setting given in the environment wins.
import path from 'node:path';
import { applyMigrations } from '../prisma/migrate';
import { type Config, ConfigError, loadConfig } from '../bot/config';
import { type Logger, createLogger } from '../bot/logger';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startEmbeddedRedis } from './embedded-redis';
import { superviseProcess } from '../bot/role-processes';
import { buildSidebarIfStale } from './build-sidebar';
import { closeDatabase } from '../bot/db';
import { createServices } from '../bot/services';
import { DEMO_CORP } from '../test/wecom-sim/demo/demo-corp';
import { type WecomSimulator, startWecomSimulator } from '../test/wecom-sim/server';

// eslint-disable-next-line no-restricted-properties -- entry point: it builds the environment the config module parses
const env: Record<string, string | undefined> = { ...process.env };
const dataDir = path.resolve(env.DATA_DIR ?? '.data');
const stops: (() => Promise<void>)[] = [];
const DEMO_INTEGRATION_SECRET = 'demo-integration-secret-change-me-0123456789';
const DEMO_STAFF_TOKEN = 'demo-staff-token-change-me-0123456789abcdef';

async function main(): Promise<void> {
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'info', pretty: env.LOG_PRETTY !== 'false' });
  env.HOST ??= '127.0.0.1';

  if (!env.DATABASE_URL) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: Number(env.EMBEDDED_PG_PORT ?? 54329),
      database: 'scrm',
      logger,
    });
    stops.push(() => pg.stop());
    env.DATABASE_URL = pg.url;
  }
  if (!env.REDIS_URL) {
    const redis = await startEmbeddedRedis({
      dataDir: path.join(dataDir, 'redis'),
      port: Number(env.EMBEDDED_REDIS_PORT ?? 63799),
      logger,
    });
    stops.push(() => redis.stop());
    env.REDIS_URL = redis.url;
  }
  await applyMigrations(env.DATABASE_URL, { logger });

  const simulated = !env.WECOM_CORP_ID;
  const sim = simulated ? await startWecomSimulator({ port: Number(env.WECOM_SIM_PORT ?? 8081) }) : null;
  if (sim) {
    stops.unshift(() => sim.stop());
    Object.assign(env, {
      WECOM_CORP_ID: DEMO_CORP.corpId,
      WECOM_AGENT_ID: String(DEMO_CORP.agentId),
      WECOM_SECRET: DEMO_CORP.corpSecret,
      WECOM_CALLBACK_TOKEN: DEMO_CORP.token,
      WECOM_ENCODING_AES_KEY: DEMO_CORP.encodingAesKey,
      WECOM_API_BASE: sim.url,
      // The sidebar outside WeCom: the simulator signs members in (OAuth) and stands in for the client's JS-SDK.
      WECOM_OAUTH_AUTHORIZE_URL: `${sim.url}/connect/oauth2/authorize`,
      WECOM_WEB_LOGIN_URL: `${sim.url}/wwlogin/sso/login`,
      WECOM_CLIENT_STANDIN_URL: sim.url,
    });
  }

  // The demo signs POS / mall requests with a fixed secret; a real deployment sets its own.
  env.INTEGRATION_SECRET ??= sim ? DEMO_INTEGRATION_SECRET : undefined;
  env.STAFF_API_TOKEN ??= sim ? DEMO_STAFF_TOKEN : undefined;
  const config = loadConfig(env);
  await buildSidebarIfStale(logger);
  // The bot as production runs it (bot/main.ts), in processes of its own: the web role in one, the jobs in
  // another, each restarted if it dies; this process keeps the embedded servers and the simulator.
  const bot = superviseProcess({
    entry: path.join(__dirname, '..', 'bot', 'main.ts'),
    roles: config.roles,
    env,
    logger,
  });
  stops.unshift(() => bot.stop());
  const url = (await bot.ready) ?? `http://${config.http.host}:${config.http.port}`;
  const callbackUrl = `${url}/wecom/callback`;
  sim?.setCallbackUrl(callbackUrl);
  // The app's trusted domain (可信域名) is where the bot is reached: OAuth and the JS-SDK check it.
  sim?.setTrustedDomain(new URL(config.http.publicUrl ?? url).hostname);
  await queueFirstImport(config, logger);

  const lines = [
    '',
    '企业微信导购助手 is running',
    `  bot:            ${url}   (health: ${url}/healthz; web and jobs in processes of their own)`,
    `  WeCom callback: ${callbackUrl}`,
    sim
      ? `  WeCom (simulated, demo corp ${DEMO_CORP.corpName}): ${sim.url}`
      : `  WeCom API: ${config.wecom.apiBase}`,
    `  PostgreSQL:     ${redactPassword(config.database.url)}`,
    `  Redis:          ${redactPassword(config.redis.url)}`,
  ];
  if (sim) {
    lines.push(
      '',
      'Try it: a customer adds guide zhangsan on WeCom',
      `  npm run sim -- add-customer --guide zhangsan --name 王小美 --sim ${sim.url}`,
      `  npm run sim -- calls --sim ${sim.url}          (what the bot asked WeCom)`,
      '',
      `POS / mall orders: POST ${url}/api/orders, signed with INTEGRATION_SECRET=${DEMO_INTEGRATION_SECRET}`,
      '  (see README: "Orders from the POS or mall")',
      `Staff API (tags, channels, groups): ${url}/api/v1/…, header Authorization: Bearer ${DEMO_STAFF_TOKEN}`,
      '',
      ...sidebarDemoLines(sim, config.http.publicUrl ?? url),
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

/**
 * The sidebar as a guide sees it inside WeCom, opened in any browser through the simulator's client stand-in:
 * chatting with a customer (the chat toolbar), and the guide's day (the workbench, entry normal).
 */
function sidebarDemoLines(sim: WecomSimulator, botUrl: string): string[] {
  const guide = 'zhangsan';
  const customer = sim.state.relations.find((r) => r.userid === guide && r.status === 'active');
  const target = `${botUrl}/sidebar/`;
  const name = customer ? (sim.state.customers.get(customer.externalUserid)?.name ?? '') : '';
  return [
    `Sidebar (侧边栏), as guide ${guide} in WeCom (the simulator stands in for the client):`,
    ...(customer
      ? [
          `  chatting with ${name || customer.externalUserid}:`,
          `    ${sim.clientOpenUrl({ userid: guide, entry: 'single_chat_tools', externalUserid: customer.externalUserid, target })}`,
        ]
      : []),
    `  the guide's day (workbench):`,
    `    ${sim.clientOpenUrl({ userid: guide, entry: 'normal', target })}`,
    `  another guide or customer: npm run sim -- open-sidebar --guide wangwu --customer <id> --bot ${botUrl} --sim ${sim.url}`,
    '',
    `Managers' desk (门店管理台): ${botUrl}/desk/`,
    "  signs in with WeCom's web login: the simulator's QR page lists the members; choose 李四 (lisi, the store",
    '  manager of 长沙五一广场店). HQ is whoever HQ_USERIDS names (npm start with HQ_USERIDS=<userid>).',
  ];
}

/** A corp that installs us starts with its data: import it the first time the database is empty. */
async function queueFirstImport(config: Config, logger: Logger): Promise<void> {
  const services = createServices(config, logger);
  try {
    if ((await services.db.guide.count()) === 0) {
      await services.queues.enqueue('initial-sync', {});
      logger.info('empty database: initial sync of stores, guides and customers queued');
    }
  } finally {
    await services.queues.close();
    await services.wecom.close();
    await closeDatabase(services);
  }
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]+@/, '//$1:***@');
}

async function shutdown(code: number): Promise<void> {
  for (const stop of stops.splice(0)) await stop().catch(() => undefined);
  process.exit(code);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
main().catch(async (error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError
      ? `${error.message}\n`
      : `startup failed: ${(error as Error).stack ?? String(error)}\n`,
  );
  await shutdown(1);
});
