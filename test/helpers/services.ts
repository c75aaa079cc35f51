// Which PostgreSQL and Redis the tests use. globalSetup picks them once per run and publishes their URLs in
// TEST_DATABASE_URL / TEST_REDIS_URL, which the Jest workers inherit; tests read them through the helpers below.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../../bot/logger';
import { startEmbeddedPostgres } from '../../scripts/embedded-postgres';
import { createProbeClient, startEmbeddedRedis } from '../../scripts/embedded-redis';
import { applyMigrations } from '../../prisma/migrate';

/** The test database, unless TEST_DATABASE_URL names another one. Dropped and recreated on every run. */
export const TEST_DATABASE = 'scrm_test';
const ROOT = path.resolve(__dirname, '..', '..');
const LOCAL_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
const EMBEDDED_POSTGRES = { dataDir: path.join(ROOT, '.data', 'test-postgres'), port: 54330 };
const EMBEDDED_REDIS = { dataDir: path.join(ROOT, '.data', 'test-redis'), port: 63800 };
const PROBE_TIMEOUT_MS = 2_000;

/** The migrated test database's URL (set by globalSetup). */
export function testDatabaseUrl(): string {
  return readPublishedUrl('TEST_DATABASE_URL');
}

/** The test Redis's URL (set by globalSetup). */
export function testRedisUrl(): string {
  return readPublishedUrl('TEST_REDIS_URL');
}

function readPublishedUrl(name: 'TEST_DATABASE_URL' | 'TEST_REDIS_URL'): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. It is set by test/helpers/global-setup.ts: run the tests through Jest with ` +
        'jest.config.js (npm test / npx jest), or set it yourself to a server the tests may use.',
    );
  }
  return value;
}

export interface TestServices {
  databaseUrl: string;
  redisUrl: string;
  /** Stops what startTestServices started (embedded servers); leaves servers it found running alone. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL: TEST_DATABASE_URL, else 127.0.0.1:5432 if it answers, else embedded (.data/test-postgres, port
 * 54330). Redis likewise: TEST_REDIS_URL, else 127.0.0.1:6379, else redis-server on 63800 keeping nothing.
 * Then drops and recreates the test database and applies the migrations to it.
 */
export async function startTestServices(
  logger: Logger,
  options: { database?: string } = {},
): Promise<TestServices> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const stopOne of stops.reverse())
      await stopOne().catch((error: unknown) => logger.warn({ err: error }));
  };
  try {
    const serverUrl = await choosePostgres(logger, stops, options.database ?? TEST_DATABASE);
    const redisUrl = await chooseRedis(logger, stops);
    const databaseUrl = await recreateDatabase(serverUrl);
    const { applied } = await applyMigrations(databaseUrl);
    logger.info(
      { databaseUrl: redact(databaseUrl), redisUrl, migrations: applied.length },
      'test services ready',
    );
    return { databaseUrl, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface TestServicesState {
  services: TestServices;
  /** TEST_* variables as they were before globalSetup overwrote them. */
  previousEnv: { database: string | undefined; redis: string | undefined };
}

// globalSetup and globalTeardown share nothing but the process's globals (Jest loads each module on its own).
const STATE_KEY: unique symbol = Symbol.for('scrm.test-services');
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: TestServicesState };

export function rememberTestServices(state: TestServicesState): void {
  (globalThis as GlobalWithState)[STATE_KEY] = state;
}

export function takeTestServices(): TestServicesState | undefined {
  const state = (globalThis as GlobalWithState)[STATE_KEY];
  delete (globalThis as GlobalWithState)[STATE_KEY];
  return state;
}

async function choosePostgres(
  logger: Logger,
  stops: Array<() => Promise<void>>,
  database: string,
): Promise<string> {
  const configured = process.env.TEST_DATABASE_URL;
  if (configured) {
    // The database it names is the one we drop and recreate: it must not be a database we need.
    return configured;
  }
  if (await canQueryPostgres(LOCAL_POSTGRES_URL)) return withDatabase(LOCAL_POSTGRES_URL, database);
  logger.info('no PostgreSQL at 127.0.0.1:5432; starting the embedded one');
  const embedded = await startEmbeddedPostgres({ ...EMBEDDED_POSTGRES, database: 'postgres', logger });
  stops.push(embedded.stop);
  return withDatabase(embedded.url, database);
}

async function chooseRedis(logger: Logger, stops: Array<() => Promise<void>>): Promise<string> {
  const configured = process.env.TEST_REDIS_URL;
  if (configured) return configured;
  if (await canPingRedis(LOCAL_REDIS_URL)) return LOCAL_REDIS_URL;
  logger.info('no Redis at 127.0.0.1:6379; starting redis-server');
  const embedded = await startEmbeddedRedis({ ...EMBEDDED_REDIS, logger, persist: false });
  stops.push(embedded.stop);
  return embedded.url;
}

/** Drops (closing other sessions) and recreates the database the URL names; returns the URL. */
async function recreateDatabase(databaseUrl: string): Promise<string> {
  const named = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  // A URL naming no database or a maintenance one identifies just the server: never drop those.
  const database = !named || ['postgres', 'template0', 'template1'].includes(named) ? TEST_DATABASE : named;
  const admin = new Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    const ident = admin.escapeIdentifier(database);
    const { rows } = await admin.query<{ version: number }>(
      "SELECT current_setting('server_version_num')::int AS version",
    );
    if ((rows[0]?.version ?? 0) >= 130000) {
      await admin.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    } else {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        database,
      ]);
      await admin.query(`DROP DATABASE IF EXISTS ${ident}`);
    }
    await admin.query(`CREATE DATABASE ${ident}`);
  } finally {
    await admin.end();
  }
  return withDatabase(databaseUrl, database);
}

/**
 * A migrated database of its own for one test file, for tests of corp-wide state (the tag mirror, lifecycle
 * sweeps) that another file running at the same time would disturb. Drop it when done.
 */
export async function createIsolatedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${TEST_DATABASE}_iso_${randomBytes(4).toString('hex')}`;
  const url = await recreateDatabase(withDatabase(testDatabaseUrl(), name));
  await applyMigrations(url);
  const drop = async () => {
    const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
  return { url, drop };
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function canQueryPostgres(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function canPingRedis(url: string): Promise<boolean> {
  const client = createProbeClient(url, PROBE_TIMEOUT_MS);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
