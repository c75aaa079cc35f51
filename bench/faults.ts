// Fault experiments (issue #9): a burst of adds through the simulator's encrypted callbacks, and mid-burst
// PostgreSQL stopped for 10 s, Redis killed for 10 s, Redis flushed 15 times in 4 s, or the worker killed. Per
// experiment: sent / acknowledged / stored / processed / welcomed / fell back / duplicated / lost.
// Target: 0 lost and 0 duplicated in every row, and as few fallbacks as we can reach.
//
// Everything that is broken on purpose is the experiment's own: its database (scrm_bench_welcome_faults, behind a
// TCP proxy it cuts), its redis-server (on its own port, killed and flushed), its bot processes. The machine's
// shared PostgreSQL cluster and Redis on 6379 are never stopped.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { Client } from 'pg';
import { DEMO_CORP } from '../test/wecom-sim/demo/demo-corp';
import { buildExternalContactEventXml } from '../test/wecom-sim/event-xml';
import { buildEncryptedEnvelope } from '../test/wecom-sim/sender';
import { type WecomSimulator, startWecomSimulator } from '../test/wecom-sim/server';
import { startTestServices } from '../test/helpers/services';
import { startTcpProxy } from '../test/helpers/tcp-proxy';
import { createLogger } from '../bot/logger';
import { botEnv } from './common';
import { type Outcomes, type SentAdd, countUnfinished, readOutcomes } from './fault-outcomes';
import {
  type BotChild,
  createWecomLikeSender,
  freshDatabase,
  removeDir,
  startBotChild,
  stopBotChild,
} from './fault-tools';
import { startPrivateRedis } from '../test/helpers/private-redis';

/** `--experiments` takes these ids, comma-separated (default: all, in this order). */
export const EXPERIMENTS = {
  none: 'no fault',
  postgres: 'PostgreSQL stopped 10 s',
  'redis-kill': 'Redis killed 10 s',
  'redis-flush': 'Redis flushed 15x in 4 s',
  'worker-kill': 'worker killed',
} as const;
type Experiment = keyof typeof EXPERIMENTS;

export interface FaultOptions {
  size: number;
  /** Adds a second the sender offers. */
  rate: number;
  /** When the fault starts, after the first add. */
  faultAtMs: number;
  /** How long to wait after the burst for every add to finish. */
  settleMs: number;
  experiments: readonly Experiment[];
  verbose: boolean;
}

const REDIS_PORT = 63_917;
const OUTAGE_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `npm run bench -- --only faults [--size 2000] [--rate 500] [--fault-at 1000] [--settle 180000]
 * [--experiments none,postgres,redis-kill,redis-flush,worker-kill] [--verbose]`, on a database of its own.
 */
export async function runFaultExperiments(
  option: (name: string) => string | undefined,
  verbose: boolean,
): Promise<string[]> {
  const ids = (option('experiments')?.split(',') ?? Object.keys(EXPERIMENTS)) as Experiment[];
  const unknown = ids.filter((id) => !(id in EXPERIMENTS));
  if (unknown.length > 0) throw new Error(`unknown experiments ${unknown.join(', ')}`);
  const services = await startTestServices(createLogger({ level: 'warn', pretty: false }), {
    database: 'scrm_bench_welcome_faults',
  });
  try {
    return await benchFaults(services, {
      size: Number(option('size') ?? 2000),
      rate: Number(option('rate') ?? 500),
      faultAtMs: Number(option('fault-at') ?? 1000),
      settleMs: Number(option('settle') ?? 180_000),
      experiments: ids,
      verbose,
    });
  } finally {
    await services.stop();
  }
}

export async function benchFaults(
  services: { databaseUrl: string },
  options: FaultOptions,
): Promise<string[]> {
  const lines = [
    `fault experiments: ${options.size.toLocaleString('en')} adds at ${options.rate}/s, fault ${options.faultAtMs} ms ` +
      `into the burst (web and worker+scheduler in two processes; load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    `  ${'experiment'.padEnd(26)} ${['sent', 'acked', 'stored', 'processed', 'welcomed', 'fell back', 'duplicated', 'lost'].map((h) => h.padStart(9)).join(' ')}   welcome p99, settled`,
  ];
  for (const experiment of options.experiments) {
    const { outcomes, settledMs, lagMs } = await runExperiment(services.databaseUrl, experiment, options);
    const figures = [
      outcomes.sent,
      outcomes.acknowledged,
      outcomes.stored,
      outcomes.processed,
      outcomes.welcomed,
      outcomes.fellBack,
      outcomes.duplicated,
      outcomes.lost,
    ];
    lines.push(
      `  ${EXPERIMENTS[experiment].padEnd(26)} ${figures.map((n) => String(n).padStart(9)).join(' ')}   ` +
        `${outcomes.welcomeP99Ms.toFixed(0)} ms, ${(settledMs / 1000).toFixed(0)} s` +
        (outcomes.unfinished > 0 ? ` (${outcomes.unfinished} unfinished)` : ''),
    );
    // The load generator shares the machine: a starved sender would blame the bot for its own delay.
    lines.push(
      `    machine load ${os.loadavg()[0]!.toFixed(1)}; load generator's event-loop delay in the burst max ${lagMs.toFixed(0)} ms`,
    );
    if (options.verbose) lines.push(`    welcome_message: ${JSON.stringify(outcomes.welcomeStatuses)}`);
  }
  return lines;
}

async function runExperiment(
  serverUrl: string,
  experiment: Experiment,
  options: FaultOptions,
): Promise<{ outcomes: Outcomes; settledMs: number; lagMs: number }> {
  const work = path.join(os.tmpdir(), 'scrm-faults', randomBytes(4).toString('hex'));
  const databaseUrl = await freshDatabase(serverUrl, 'scrm_bench_welcome_faults');
  await seedGuides(databaseUrl);
  const redis = await startPrivateRedis({ port: REDIS_PORT, dir: path.join(work, 'redis') });
  const target = new URL(databaseUrl);
  // Only where it is cut: every query of the bot would otherwise pass through this process's event loop.
  const proxy =
    experiment === 'postgres'
      ? await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
      : null;
  const sim = await startWecomSimulator({});
  const logs = path.join(os.tmpdir(), 'scrm-faults', 'logs', experiment);
  const env = botEnv(proxy?.urlFor(databaseUrl) ?? databaseUrl, redis.url, sim.url, {
    CALLBACK_SPOOL_DIR: path.join(work, 'spool'),
    LOG_LEVEL: 'info',
  });
  const web = await startBotChild({ ...env, PROCESS_ROLES: 'web' }, `${logs}-web.log`);
  let worker: BotChild = await startBotChild(
    { ...env, PROCESS_ROLES: 'worker,scheduler' },
    `${logs}-worker.log`,
  );
  const fault = async () => {
    if (proxy) {
      proxy.cut();
      await sleep(OUTAGE_MS);
      proxy.restore();
    } else if (experiment === 'redis-kill') {
      await redis.kill();
      await sleep(OUTAGE_MS);
      await redis.start();
    } else if (experiment === 'redis-flush') {
      for (let i = 0; i < 15; i += 1) {
        await redis.flushAll();
        await sleep(4000 / 14);
      }
    } else if (experiment === 'worker-kill') {
      await stopBotChild(worker, 'SIGKILL');
      // As the supervisor (bot/role-processes.ts) restarts a role process that died: after half a second.
      await sleep(500);
      worker = await startBotChild({ ...env, PROCESS_ROLES: 'worker,scheduler' }, `${logs}-worker.log`);
    }
  };
  try {
    const started = Date.now();
    const lag = monitorEventLoopDelay({ resolution: 20 });
    lag.enable();
    const [adds] = await Promise.all([
      sendBurst(sim, `${web.url}/wecom/callback`, options),
      sleep(options.faultAtMs).then(fault),
    ]);
    lag.disable();
    const deadline = Date.now() + options.settleMs;
    while (Date.now() < deadline && (await countUnfinished(databaseUrl, adds)) > 0) await sleep(1000);
    const settledMs = Date.now() - started;
    return { outcomes: await readOutcomes(databaseUrl, sim, adds), settledMs, lagMs: lag.max / 1e6 };
  } finally {
    await Promise.all([stopBotChild(web), stopBotChild(worker)]);
    await sim.stop();
    await proxy?.close();
    await redis.stop();
    await removeDir(work);
  }
}

/** A corp in use: its guides were imported before customers add them (as bench/welcome.ts starts). */
async function seedGuides(databaseUrl: string): Promise<void> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    await pg.query(
      `INSERT INTO guide (id, userid, name, updated_at)
       SELECT gen_random_uuid(), m.userid, m.name, now() FROM unnest($1::text[], $2::text[]) AS m(userid, name)`,
      [DEMO_CORP.members.map((m) => m.userid), DEMO_CORP.members.map((m) => m.name)],
    );
  } finally {
    await pg.end();
  }
}

/**
 * `size` adds at `rate` a second. Each customer adds the guide when the add is sent, so the welcome_code's 20 s
 * run from then, as at WeCom; each callback is delivered as WeCom does (5 s, then re-sent, 3 retries).
 */
async function sendBurst(
  sim: WecomSimulator,
  callbackUrl: string,
  options: FaultOptions,
): Promise<SentAdd[]> {
  const sender = createWecomLikeSender();
  const guides = DEMO_CORP.members.map((m) => m.userid);
  const signing = {
    token: DEMO_CORP.token,
    encodingAesKey: DEMO_CORP.encodingAesKey,
    corpId: DEMO_CORP.corpId,
  };
  const adds: SentAdd[] = [];
  const deliveries: Promise<void>[] = [];
  const started = Date.now();
  for (let i = 0; i < options.size; i += 1) {
    const dueAt = started + (i * 1000) / options.rate;
    if (dueAt > Date.now()) await sleep(dueAt - Date.now());
    const userid = guides[i % guides.length]!;
    const { externalUserid, welcomeCode } = await sim.addCustomer({ userid, deliver: false });
    const xml = buildExternalContactEventXml({
      corpId: DEMO_CORP.corpId,
      createTime: Math.floor(Date.now() / 1000),
      changeType: 'add_external_contact',
      userId: userid,
      externalUserId: externalUserid,
      welcomeCode: welcomeCode!,
    });
    const envelope = buildEncryptedEnvelope(xml, signing);
    const add: SentAdd = { externalUserid, code: welcomeCode!, sentAt: Date.now(), isAcknowledged: false };
    adds.push(add);
    deliveries.push(
      sender.deliver(`${callbackUrl}?${envelope.queryString}`, envelope.body).then((d) => {
        add.isAcknowledged = d.status === 200;
      }),
    );
  }
  await Promise.all(deliveries);
  sender.close();
  return adds;
}
