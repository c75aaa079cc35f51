// Production entry: every setting comes from the environment (see .env.example). For the embedded demo
// with the WeCom simulator, use `npm start` (scripts/start.ts), which fills these in.
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { runService } from './services';

async function main(): Promise<void> {
  let config;
  try {
    // eslint-disable-next-line no-restricted-properties -- the one place the service reads its environment
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.log);
  const running = await runService(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    running.stop().then(
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
