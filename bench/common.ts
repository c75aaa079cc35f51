import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../test/helpers/services';
import { DEMO_CORP } from '../test/wecom-sim/demo/demo-corp';

export interface BotProcess {
  url: string | null;
  child: ChildProcess;
}

/** The env a benchmarked bot runs with: production logging, the demo corp, WeCom at `apiBase`. */
export function botEnv(
  databaseUrl: string,
  redisUrl: string,
  apiBase: string,
  extra: Record<string, string> = {},
) {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
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
    WECOM_API_BASE: apiBase,
    // Production refuses to boot without one (it signs the sidebar's sign-in cookies).
    SESSION_SECRET: randomBytes(32).toString('hex'),
    ...extra,
  };
}

export interface StartOptions {
  /** Write a CPU profile to /tmp/prof. */
  profile?: boolean;
  /**
   * In a session of its own, as a service manager (systemd, a container) starts a service. The kernel's autogroup
   * scheduling (on here) shares the CPU between sessions first and by niceness only inside one: in the bench's
   * session the bot competed with the load generator and the simulator, which stand for the other side of the
   * internet, as their peer.
   */
  ownSession?: boolean;
}

/** Starts bench/servers.ts in its own process, so the load generator does not share its event loop. */
export function startBot(args: string[], options: StartOptions = {}): Promise<BotProcess> {
  return startProcess(path.join(__dirname, 'servers.ts'), args, options);
}

/** Starts the production entry, bot/main.ts, with this env: the roles it is asked for, split as it splits them. */
export function startMain(env: Record<string, string>, options: StartOptions = {}): Promise<BotProcess> {
  return startProcess(path.join(__dirname, '..', 'bot', 'main.ts'), [], { ...options, env });
}

function startProcess(
  entry: string,
  args: string[],
  options: StartOptions & { env?: Record<string, string> },
): Promise<BotProcess> {
  const execArgv = [
    '--import',
    'tsx',
    ...(options.profile ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
  ];
  const child = fork(entry, args, {
    execArgv,
    stdio: 'inherit',
    detached: options.ownSession ?? false,
    ...(options.env ? { env: options.env } : {}),
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string | null }) => resolve({ url: m.url, child }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
  });
}

export function stopBot(bot: BotProcess): Promise<void> {
  return new Promise((resolve) => {
    bot.child.removeAllListeners('exit');
    bot.child.once('exit', () => resolve());
    bot.child.kill('SIGTERM');
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const ms = (n: number) => `${n.toFixed(0)} ms`;

/** Creates the bench's own database when it is missing; a kept seed stays as it is. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}
