// The parts of the fault experiments (bench/faults.ts): the bot's processes with their logs in files, a fresh
// database per experiment, and a sender that delivers as WeCom does. Their Redis: test/helpers/private-redis.ts.
import { type ChildProcess, fork } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations } from '../prisma/migrate';
import { withDatabase } from '../test/helpers/services';

/** A migrated database of this name on the server `serverUrl` names, dropped first if it exists. */
export async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  await applyMigrations(url);
  return url;
}

export interface BotChild {
  url: string | null;
  child: ChildProcess;
}

/** bench/servers.ts in its own process, its output appended to `logFile`. */
export async function startBotChild(env: Record<string, string>, logFile: string): Promise<BotChild> {
  await mkdir(path.dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = fork(path.join(__dirname, 'servers.ts'), ['bot', JSON.stringify(env)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', out, out, 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string | null }) => resolve({ url: m.url, child }));
    child.once('exit', (code) => reject(new Error(`bot exited with ${String(code)}; see ${logFile}`)));
  });
}

export function stopBotChild(bot: BotChild, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    bot.child.removeAllListeners('exit');
    if (bot.child.exitCode !== null || bot.child.signalCode !== null) return resolve();
    bot.child.once('exit', () => resolve());
    bot.child.kill(signal);
  });
}

export interface Delivery {
  /** The last attempt's status; null when every attempt timed out or could not connect. */
  status: number | null;
  attempts: number;
}

/**
 * Delivers as WeCom does (API.md §1.6): the connection is dropped after 5 s without an answer, and the same
 * request is re-sent on a timeout or a failed connection, 3 retries in all; any HTTP answer ends it.
 */
export function createWecomLikeSender(timeoutMs = 5_000, retries = 3, sockets = 64) {
  // As many connections as bench/welcome.ts uses; more only overflowed the bot's listen backlog on this machine
  // (SYN cookies) and measured the kernel, not the bot.
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const once = (url: string, body: string) =>
    new Promise<number | null>((resolve) => {
      let isDone = false;
      const finish = (status: number | null) => {
        if (isDone) return;
        isDone = true;
        clearTimeout(timer);
        resolve(status);
      };
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'text/xml' } }, (res) => {
        res.resume();
        res.on('end', () => finish(res.statusCode ?? null));
        res.on('error', () => finish(null));
      });
      // From when the request has a connection (a wait for one of ours is the load generator's, not the bot's).
      // Timers run before the I/O callbacks of a loop turn: when this (busy) process reaches the timer late, an
      // answer that arrived in time is read first.
      let timer: NodeJS.Timeout | undefined;
      req.once('socket', () => {
        timer = setTimeout(
          () =>
            setImmediate(() => {
              finish(null);
              req.destroy();
            }),
          timeoutMs,
        );
      });
      req.on('error', () => finish(null));
      req.end(body);
    });
  return {
    async deliver(url: string, body: string): Promise<Delivery> {
      let attempts = 0;
      let status: number | null = null;
      while (attempts <= retries) {
        attempts += 1;
        status = await once(url, body);
        if (status !== null) break;
      }
      return { status, attempts };
    },
    close: () => agent.destroy(),
  };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
