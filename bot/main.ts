// Production entry: every setting comes from the environment (see .env.example). For the embedded demo
// with the WeCom simulator, use `npm start` (scripts/start.ts), which fills these in.
//
// Asked for the web role and others, this process serves the web role and runs the others in a child process it
// supervises (bot/role-processes.ts): the answer to WeCom must not wait on jobs.
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { splitRoles, superviseProcess } from './role-processes';
import { runService } from './services';

/**
 * The jobs' process yields the CPU to the web role's: on a shared machine a busy worker otherwise slowed the
 * answers to WeCom tenfold (`npm run bench -- --only callback`). Jobs only wait a little longer.
 */
const JOB_NICENESS = 10;

async function main(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- the one place the service reads its environment
  const env = process.env;
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.log);
  const roles = splitRoles(config.roles);
  const child =
    roles.child.length > 0
      ? superviseProcess({ entry: __filename, roles: roles.child, env, logger, niceness: JOB_NICENESS })
      : null;
  const running = await runService(loadConfig({ ...env, PROCESS_ROLES: roles.here.join(',') }), logger);
  // A supervisor (the quick start, or a parent bot/main.ts) waits for this.
  process.send?.({ url: running.url });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    Promise.all([running.stop(), child?.stop()]).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
