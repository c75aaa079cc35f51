import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import type { ProcessRole } from './config';
import type { Logger } from './logger';

/**
 * The roles a process asked for, split so that the web role never shares an event loop with the jobs: offered
 * 1,000 callbacks a second, one process with every role answered at p99 8-10 s (past WeCom's 5 s, so WeCom
 * re-sent and piled on more load), while a web process of its own answers in tens of milliseconds. The web role
 * stays here; the others go to one supervised child process.
 */
export function splitRoles(roles: readonly ProcessRole[]): {
  here: ProcessRole[];
  child: ProcessRole[];
} {
  if (!roles.includes('web')) return { here: [...roles], child: [] };
  return { here: ['web'], child: roles.filter((r) => r !== 'web') };
}

export interface SupervisedProcess {
  /** The child's web URL once it is up (null when it runs no web role). */
  ready: Promise<string | null>;
  /** Stops the child (SIGTERM, then SIGKILL after `graceMs`) and does not restart it. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs `entry` (bot/main.ts) as a child process with these roles, and starts it again if it dies: the parent is
 * the one process an operator or the quick start watches. The child reports its URL with `process.send`.
 */
export function superviseProcess(options: {
  entry: string;
  roles: readonly ProcessRole[];
  env: Record<string, string | undefined>;
  logger: Logger;
  /** The child's scheduling priority (nice, 0-19): job roles run at a lower one, so the web role gets the CPU. */
  niceness?: number;
}): SupervisedProcess {
  const { logger } = options;
  const env = { ...options.env, PROCESS_ROLES: options.roles.join(',') };
  let child: ChildProcess | null = null;
  let isStopping = false;
  let restarts = 0;
  let resolveReady: (url: string | null) => void = () => undefined;
  const ready = new Promise<string | null>((resolve) => (resolveReady = resolve));

  const start = () => {
    const started = Date.now();
    const current = fork(options.entry, [], { env, stdio: 'inherit' });
    child = current;
    if (options.niceness && current.pid !== undefined) {
      try {
        os.setPriority(current.pid, options.niceness);
      } catch (error) {
        logger.warn({ err: error }, 'could not lower the role process priority');
      }
    }
    current.on('message', (message: { url?: string | null }) => {
      if (message && 'url' in message) resolveReady(message.url ?? null);
    });
    current.once('exit', (code, signal) => {
      child = null;
      if (isStopping) return;
      // A child that keeps dying at once is restarted ever more slowly (up to 30 s), not in a tight loop.
      restarts = Date.now() - started > 60_000 ? 0 : restarts + 1;
      const delay = Math.min(30_000, 500 * 2 ** Math.min(restarts, 6));
      logger.error(
        { roles: options.roles, code, signal, restartInMs: delay },
        'role process exited; restarting',
      );
      setTimeout(() => {
        if (!isStopping) start();
      }, delay).unref();
    });
  };
  start();

  return {
    ready,
    async stop(graceMs = 10_000) {
      isStopping = true;
      const running = child;
      if (!running) return;
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => running.kill('SIGKILL'), graceMs);
        running.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        running.kill('SIGTERM');
      });
    },
  };
}
