import { createLogger } from '../bot/logger';
import { startTestServices } from '../test/helpers/services';

/**
 * The benchmark's PostgreSQL and Redis: found or started exactly as for the tests (local services, else embedded),
 * with a fresh `scrm_bench` database so a run never touches the test or demo data.
 */
export async function benchServices(): Promise<{
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}> {
  return startTestServices(createLogger({ level: 'warn', pretty: false }), { database: 'scrm_bench' });
}
