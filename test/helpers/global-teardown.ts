// Jest globalTeardown: stops what globalSetup started. The test database stays, for looking into failures;
// the next run drops and recreates it.
import { takeTestServices } from './services';

export default async function globalTeardown(): Promise<void> {
  const state = takeTestServices();
  if (!state) return; // globalSetup failed before starting anything
  await state.services.stop();
  // In watch mode globalSetup runs again in this process: it must not mistake our URLs for the user's.
  restoreEnv('TEST_DATABASE_URL', state.previousEnv.database);
  restoreEnv('TEST_REDIS_URL', state.previousEnv.redis);
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
