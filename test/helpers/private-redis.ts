// A redis-server of a test's (or a fault experiment's) own, which it may kill, restart and flush: never the
// machine's shared Redis, which other test files use at the same time.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PrivateRedis {
  url: string;
  /** SIGKILL: nothing is saved (no persistence), as when the server or its machine dies. */
  kill(): Promise<void>;
  /** A new, empty server on the same port. */
  start(): Promise<void>;
  flushAll(): Promise<void>;
  /** Kills it and removes its folder. */
  stop(): Promise<void>;
}

/**
 * A free TCP port on 127.0.0.1 below Linux's ephemeral range (32768-60999). A port the OS picks is an ephemeral one,
 * and once the server on it is killed, any process's outgoing connection may be given it: the restarted server
 * then cannot bind (welcome-faults failed so in a full run). Below the range only another listener could take it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

/**
 * redis-server on `port` (default: a free one), keeping nothing on disk, its files under `dir` (default: a
 * temporary folder, removed by `stop`).
 */
export async function startPrivateRedis(
  options: { port?: number; dir?: string } = {},
): Promise<PrivateRedis> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? path.join(os.tmpdir(), 'scrm-private-redis', randomBytes(4).toString('hex'));
  await mkdir(dir, { recursive: true });
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  admin.on('error', () => undefined);
  // Never outlives us, however we end.
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);
  const start = async () => {
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ];
    const spawned = spawn('redis-server', args, { stdio: 'ignore' });
    child = spawned;
    for (let i = 0; i < 100; i += 1) {
      // It exits at once when it cannot bind: say so rather than wait out the probes.
      if (spawned.exitCode !== null) {
        throw new Error(`redis-server exited (${spawned.exitCode}) on port ${port}: is the port taken?`);
      }
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      const ok = await probe
        .connect()
        .then(() => probe.ping())
        .then(
          () => true,
          () => false,
        );
      probe.disconnect();
      if (ok) return;
      await sleep(50);
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    url,
    start,
    kill,
    async flushAll() {
      if (admin.status === 'wait') await admin.connect();
      await admin.flushall();
    },
    async stop() {
      admin.disconnect();
      await kill();
      process.off('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
