// Jest globalSetup: runs once, in Jest's parent process, before any test worker starts.
import { createLogger } from '../../bot/logger';
import { rememberTestServices, startTestServices } from './services';

export default async function globalSetup(): Promise<void> {
  const previousEnv = { database: process.env.TEST_DATABASE_URL, redis: process.env.TEST_REDIS_URL };
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'info', pretty: false });
  const services = await startTestServices(logger);
  // Workers are started after globalSetup and inherit this process's environment.
  process.env.TEST_DATABASE_URL = services.databaseUrl;
  process.env.TEST_REDIS_URL = services.redisUrl;
  rememberTestServices({ services, previousEnv });
}
