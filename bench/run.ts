// `npm run bench`: prints throughput and latency of POST /wecom/callback (valid, encrypted, distinct add events)
// next to a bare Koa route on the same machine, and their ratio. Targets (DESIGN.md §5, issue #2): p99 under
// 50 ms at 1,000 events/s; the callback route at no less than 30% of the bare route's throughput.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { applyMigrations } from '../prisma/migrate';
import { DEMO_CORP } from '../test/wecom-sim/demo-corp';
import { buildExternalContactEventXml } from '../test/wecom-sim/event-xml';
import { buildEncryptedEnvelope } from '../test/wecom-sim/sender';
import { benchServices } from './services';

const DURATION_S = Number(process.argv[2] ?? 10);
const CONNECTIONS = 50;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

async function main(): Promise<void> {
  const services = await benchServices();
  const { databaseUrl, redisUrl } = services;
  try {
    await applyMigrations(databaseUrl);
    const bare = await startServer(['bare']);
    const bareMax = await load(bare.url, { duration: DURATION_S, connections: CONNECTIONS });
    bare.child.kill();

    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PROCESS_ROLES: 'web',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '20',
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
      WECOM_CORP_ID: DEMO_CORP.corpId,
      WECOM_AGENT_ID: String(DEMO_CORP.agentId),
      WECOM_SECRET: DEMO_CORP.corpSecret,
      WECOM_CALLBACK_TOKEN: DEMO_CORP.token,
      WECOM_ENCODING_AES_KEY: DEMO_CORP.encodingAesKey,
      WECOM_API_BASE: 'http://127.0.0.1:9',
    };
    const bot = await startServer(['callback', JSON.stringify(env)]);
    const events = makeEvents(Math.ceil(DURATION_S * 12_000));
    // Warm up JIT, pools and connections before measuring.
    await load(bot.url, { duration: 2, connections: 10 }, events);
    const callbackMax = await load(bot.url, { duration: DURATION_S, connections: CONNECTIONS }, events);
    const callbackAt1k = await load(
      bot.url,
      { duration: DURATION_S, connections: CONNECTIONS, overallRate: 1000 },
      events,
    );
    bot.child.kill();

    const stored = new Client({ connectionString: databaseUrl });
    await stored.connect();
    const { rows } = await stored.query<{ n: string }>('SELECT count(*) AS n FROM callback_event');
    await stored.end();

    const row = (name: string, f: Figures) =>
      `${name.padEnd(34)} ${f.rps.toFixed(0).padStart(7)} req/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99
        .toFixed(1)
        .padStart(6)} ms  max ${f.max.toFixed(0).padStart(5)} ms  errors ${f.errors + f.non2xx}`;
    const out = [
      '',
      `callback benchmark (${DURATION_S}s per run, ${CONNECTIONS} connections, 2-core machine)`,
      row('bare Koa route, max', bareMax),
      row('POST /wecom/callback, max', callbackMax),
      row('POST /wecom/callback, 1,000/s', callbackAt1k),
      `callback/bare throughput ratio: ${((callbackMax.rps / bareMax.rps) * 100).toFixed(1)}% (target ≥ 30%)`,
      `p99 at 1,000 events/s: ${callbackAt1k.p99.toFixed(1)} ms (target < 50 ms)`,
      `events stored: ${rows[0]?.n ?? '?'} (distinct events sent: up to ${events.length})`,
      '',
    ];
    process.stdout.write(out.join('\n'));
  } finally {
    await services.stop();
  }
}

interface Envelope {
  path: string;
  body: string;
}

/** Distinct add events (distinct customers, same guide, many in the same second), encrypted and signed. */
function makeEvents(count: number): Envelope[] {
  const signing = {
    token: DEMO_CORP.token,
    encodingAesKey: DEMO_CORP.encodingAesKey,
    corpId: DEMO_CORP.corpId,
  };
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const xml = buildExternalContactEventXml({
      corpId: DEMO_CORP.corpId,
      createTime: now,
      changeType: 'add_external_contact',
      userId: 'zhangsan',
      externalUserId: `wmbench${i.toString(36).padStart(8, '0')}${randomBytes(6).toString('hex')}`,
      state: 'store_qr_01',
      welcomeCode: randomBytes(16).toString('base64url'),
    });
    const envelope = buildEncryptedEnvelope(xml, signing);
    return { path: `/wecom/callback?${envelope.queryString}`, body: envelope.body };
  });
}

function load(
  url: string,
  options: { duration: number; connections: number; overallRate?: number },
  events?: Envelope[],
): Promise<Figures> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        ...options,
        method: events ? 'POST' : 'GET',
        requests: events
          ? [
              {
                setupRequest: (req) => {
                  const e = events[next++ % events.length]!;
                  return {
                    ...req,
                    method: 'POST',
                    path: e.path,
                    body: e.body,
                    headers: { 'content-type': 'text/xml' },
                  };
                },
              },
            ]
          : undefined,
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          max: result.latency.max,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
        });
      },
    );
  });
}

function startServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(path.join(__dirname, 'servers.ts'), args, {
    execArgv: [
      '--import',
      'tsx',
      ...(process.argv.includes('--prof') && args[0] === 'callback'
        ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']
        : []),
    ],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve({ url: m.url, child }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
  });
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  },
);
