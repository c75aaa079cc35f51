// A private Redis for the demo and the tests, from the system's `redis-server`: no npm package ships a Redis
// binary that installs offline (see shared/ENVIRONMENT.md), so this is the only embedded option.
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import Redis from 'ioredis';
import type { Logger } from '../bot/logger';

export interface EmbeddedRedisOptions {
  dataDir: string;
  port: number;
  logger: Logger;
  /** Append-only file on, so queued jobs survive a restart (default true). False: start empty, keep nothing. */
  persist?: boolean;
}

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

export const REDIS_MISSING_MESSAGE =
  '`redis-server` was not found on PATH. Install it (Debian/Ubuntu: `apt-get install -y redis-server`) ' +
  'or set REDIS_URL to an existing Redis, e.g. REDIS_URL=redis://127.0.0.1:6379.';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_TAIL_CHARS = 4_000;

type Probe =
  { kind: 'free' } | { kind: 'redis'; dir: string | undefined } | { kind: 'other'; reason: string };

/** Starts redis-server on 127.0.0.1:port with its files in dataDir, or adopts one we left running earlier. */
export async function startEmbeddedRedis(options: EmbeddedRedisOptions): Promise<RunningRedis> {
  const { port } = options;
  const persist = options.persist ?? true;
  const dataDir = path.resolve(options.dataDir);
  const url = `redis://127.0.0.1:${port}`;
  const log = options.logger.child({ component: 'embedded-redis', port });

  const binary = await findOnPath('redis-server');
  if (!binary) throw new Error(REDIS_MISSING_MESSAGE);
  await fs.mkdir(dataDir, { recursive: true });

  const probe = await probeRedis(port);
  if (probe.kind === 'redis') return adoptStaleRedis(url, dataDir, probe.dir, persist, log);
  if (probe.kind === 'other') {
    throw new Error(
      `Port ${port} on 127.0.0.1 is in use by something that does not answer as Redis (${probe.reason}). ` +
        'Stop it, choose another port, or set REDIS_URL to an existing Redis.',
    );
  }

  if (!persist) {
    // Files from an earlier persistent run in this directory would be loaded at start; "not persistent" means empty.
    await fs.rm(path.join(dataDir, 'dump.rdb'), { force: true });
    await fs.rm(path.join(dataDir, 'appendonlydir'), { recursive: true, force: true });
  }
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--daemonize', 'no'];
  args.push(...(persist ? ['--appendonly', 'yes'] : ['--appendonly', 'no', '--save', '']));

  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onOutput = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-OUTPUT_TAIL_CHARS);
    log.debug(text.trimEnd());
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  // Never let our Redis outlive us: killed when this process exits, whichever way it ends its event loop.
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  // Nor keep this process alive on its own account: the exit hook above ends it.
  child.unref();
  // The pipes would keep the event loop alive too; with a child process they are sockets.
  (child.stdout as net.Socket).unref();
  (child.stderr as net.Socket).unref();

  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      process.off('exit', killOnExit);
      resolve();
    });
  });
  child.once('error', (error) => log.error({ err: error }, 'redis-server failed'));

  const startedAt = Date.now();
  while ((await probeRedis(port)).kind !== 'redis') {
    if (exitCode !== undefined || Date.now() - startedAt > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(
        `redis-server did not start on port ${port} (data: ${dataDir}): ${
          exitCode === undefined
            ? `no answer to PING within ${READY_TIMEOUT_MS} ms`
            : `it exited with code ${exitCode}`
        }. Its output:\n${output.trim()}`,
      );
    }
    await delay(100);
  }
  log.info({ dataDir, persist, ms: Date.now() - startedAt }, 'embedded Redis ready');

  return {
    url,
    stop: async () => {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM'); // Redis flushes the append-only file and exits cleanly on SIGTERM
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      log.info('embedded Redis stopped');
    },
  };
}

/** A Redis already on our port whose working directory is our dataDir is ours, left by a killed run. */
async function adoptStaleRedis(
  url: string,
  dataDir: string,
  dir: string | undefined,
  persist: boolean,
  log: Logger,
): Promise<RunningRedis> {
  const ourDir = await fs.realpath(dataDir);
  const theirDir = dir === undefined ? undefined : await fs.realpath(dir).catch(() => dir);
  if (theirDir !== ourDir) {
    throw new Error(
      `${url} is already served by another Redis (its directory: ${dir ?? 'unknown'}, ours: ` +
        `${ourDir}). Stop it, choose another port, or set REDIS_URL to use it deliberately.`,
    );
  }
  log.warn({ dataDir }, 'reusing the Redis left running by an earlier run');
  await withClient(url, (client) => client.config('SET', 'appendonly', persist ? 'yes' : 'no'));
  return {
    url,
    stop: async () => {
      // We hold no child process for it, so ask it to shut itself down.
      await withClient(url, (client) => client.call('SHUTDOWN', persist ? 'SAVE' : 'NOSAVE')).catch(
        () => undefined,
      );
      log.info('embedded Redis stopped');
    },
  };
}

/** What listens on 127.0.0.1:port: nothing, a Redis (with its working directory), or something else. */
async function probeRedis(port: number): Promise<Probe> {
  if (!(await isPortOpen(port))) return { kind: 'free' };
  const client = createProbeClient(`redis://127.0.0.1:${port}`);
  try {
    await client.connect();
    await client.ping(); // rejects unless the peer answers PONG
    const config = (await client.config('GET', 'dir').catch(() => [])) as string[];
    return { kind: 'redis', dir: config[1] };
  } catch (error) {
    return { kind: 'other', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    client.disconnect();
  }
}

/** ioredis cannot tell "nothing listens" from "a non-Redis peer hung up": both are "Connection is closed". */
function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false); // if it is not free after all, redis-server's bind error will say so
    });
    socket.once('error', () => resolve(false));
  });
}

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = createProbeClient(url);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

/** One-shot connection: no retries, no offline queue, no INFO ready check (a non-Redis peer never answers it). */
export function createProbeClient(url: string, timeoutMs = 1_000): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
  });
  client.on('error', () => undefined); // failures surface through the awaited calls
  return client;
}

async function findOnPath(command: string): Promise<string | undefined> {
  // eslint-disable-next-line no-restricted-properties -- PATH is the OS's lookup list, not an app setting
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    const isExecutable = await fs.access(candidate, fsConstants.X_OK).then(
      () => true,
      () => false,
    );
    if (isExecutable) return candidate;
  }
  return undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
