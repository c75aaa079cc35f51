// POST /wecom/callback (valid, encrypted, distinct add events) next to a bare Koa route, and their ratio.
// Targets (DESIGN.md §5, issue #2): p99 under 50 ms at 1,000 events/s; at least 30% of the bare route's throughput.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { DEMO_CORP } from '../test/wecom-sim/demo/demo-corp';
import { buildExternalContactEventXml } from '../test/wecom-sim/event-xml';
import { buildEncryptedEnvelope } from '../test/wecom-sim/sender';
import { botEnv, startBot, startMain, stopBot } from './common';

const CONNECTIONS = 50;
/** Each server under test in a session of its own, as deployed (see StartOptions.ownSession). */
const ownSession = true;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

export async function benchCallback(
  services: { databaseUrl: string; redisUrl: string },
  seconds: number,
  profile: boolean,
): Promise<string[]> {
  const bare = await startBot(['bare'], { ownSession });
  const bareMax = await load(bare.url!, { duration: seconds, connections: CONNECTIONS });
  await stopBot(bare);

  // The web role alone: what WeCom waits for. No WeCom call happens before the answer.
  const env = botEnv(services.databaseUrl, services.redisUrl, 'http://127.0.0.1:9', { PROCESS_ROLES: 'web' });
  const bot = await startBot(['bot', JSON.stringify(env)], { profile, ownSession });
  const events = makeEvents(Math.ceil(seconds * 12_000));
  await load(bot.url!, { duration: 2, connections: 10 }, events); // warm-up: JIT, pools, prepared statements
  const callbackMax = await load(bot.url!, { duration: seconds, connections: CONNECTIONS }, events);
  const at1k = await load(
    bot.url!,
    { duration: seconds, connections: CONNECTIONS, overallRate: 1000 },
    events,
  );
  await stopBot(bot);
  const withJobs = await benchWithJobs(services, seconds);

  const row = (name: string, f: Figures) =>
    `  ${name.padEnd(32)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${f.p50.toFixed(1).padStart(5)} ms  p99 ${f.p99
      .toFixed(1)
      .padStart(6)} ms  max ${f.max.toFixed(0).padStart(5)} ms  errors ${f.errors}`;
  return [
    `callback (${seconds} s per run, ${CONNECTIONS} connections)`,
    row('bare Koa route, max', bareMax),
    row('POST /wecom/callback, max', callbackMax),
    row('POST /wecom/callback, 1,000/s', at1k),
    `  callback/bare throughput: ${((callbackMax.rps / bareMax.rps) * 100).toFixed(1)}% (target ≥ 30%)`,
    `  p99 at 1,000 events/s: ${at1k.p99.toFixed(1)} ms (target < 50 ms)`,
    'callback while the jobs work (the simulator as WeCom, every role asked for, 1,000 events/s)',
    row('one process, every role', withJobs.oneProcess),
    row('as bot/main.ts and npm start run', withJobs.asShipped),
    `  p99 as shipped: ${withJobs.asShipped.p99.toFixed(1)} ms (WeCom waits 5,000 ms; target < 50 ms)`,
  ];
}

/**
 * The route while the same events' jobs run (profiles, welcomes, follow-ups against the simulator): first with
 * every role in one process (its event loop shared with the jobs), then as bot/main.ts runs when asked for every
 * role, which is what `npm start` does: the web role in its process, the jobs in a supervised child.
 */
async function benchWithJobs(
  services: { databaseUrl: string; redisUrl: string },
  seconds: number,
): Promise<{ oneProcess: Figures; asShipped: Figures }> {
  // In a process of its own: in the load generator's, the simulator's answers (a profile and a welcome per
  // add) delayed the generator's reading of the bot's, and counted as the bot's latency. In a session of its
  // own, as WeCom's servers are on other machines.
  const sim = await startBot(['sim'], { ownSession });
  try {
    // Errors only: the events' customers are unknown to the simulator, and a warning per add would cost more CPU
    // than the adds.
    const env = botEnv(services.databaseUrl, services.redisUrl, sim.url!, {
      PROCESS_ROLES: 'web,worker,scheduler',
      LOG_LEVEL: 'error',
    });
    const events = makeEvents(Math.ceil(seconds * 2_400));
    const offer = (url: string, part: Envelope[]) =>
      load(url, { duration: seconds, connections: CONNECTIONS, overallRate: 1000 }, part);

    const one = await startBot(['bot', JSON.stringify(env)], { ownSession });
    const oneProcess = await offer(one.url!, events.slice(0, events.length / 2));
    await stopBot(one);

    // bot/main.ts serves the web role and runs the jobs in a child it supervises, at a lower priority.
    const shipped = await startMain({ ...env, QUEUE_PREFIX: `${env.QUEUE_PREFIX}-shipped` }, { ownSession });
    const asShipped = await offer(shipped.url!, events.slice(events.length / 2));
    await stopBot(shipped);
    return { oneProcess, asShipped };
  } finally {
    await stopBot(sim);
  }
}

interface Envelope {
  path: string;
  body: string;
}

/** Distinct add events (distinct customers, one guide, many in the same second), encrypted and signed. */
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
  const requests = events && [
    {
      setupRequest: (req: autocannon.Request) => {
        const e = events[next++ % events.length]!;
        return {
          ...req,
          method: 'POST' as const,
          path: e.path,
          body: e.body,
          headers: { 'content-type': 'text/xml' },
        };
      },
    },
  ];
  return new Promise((resolve, reject) => {
    autocannon({ url, ...options, requests }, (error, result) => {
      if (error) return reject(error instanceof Error ? error : new Error(String(error)));
      resolve({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        errors: result.errors + result.timeouts + result.non2xx,
      });
    });
  });
}
