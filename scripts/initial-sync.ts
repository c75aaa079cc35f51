// `npm run sync:initial`: imports every guide's customers from WeCom now, in this process (no worker needed).
import { ConfigError, loadConfig } from '../bot/config';
import { runInitialSync } from '../bot/domain/sync/initial-sync';
import { createLogger } from '../bot/logger';
import { closeDatabase } from '../bot/db';
import { createServices } from '../bot/services';

async function main(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- entry point
  const config = loadConfig(process.env);
  const logger = createLogger(config.log);
  const services = createServices(config, logger);
  try {
    const result = await runInitialSync(services);
    process.stdout.write(
      `imported ${result.stores} stores, ${result.guides} guides, ${result.customers} customers, ${result.relations} relations\n`,
    );
  } finally {
    await services.queues.close();
    await closeDatabase(services);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `${(error as Error).stack}\n`);
  process.exit(1);
});
