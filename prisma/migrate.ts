// Applies prisma/migrations without Prisma's schema engine, whose `migrate deploy` cannot run offline with the
// pg adapter (shared/ENVIRONMENT.md, prisma/orm#27403). It keeps Prisma's layout and its `_prisma_migrations`
// bookkeeping byte for byte, so `prisma migrate deploy` on a connected machine sees the same history.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import type { DatabaseError } from 'pg';
import { createLogger } from '../bot/logger';
import type { Logger } from '../bot/logger';

export interface ApplyMigrationsOptions {
  /** Defaults to prisma/migrations beside this file. */
  migrationsDir?: string;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations this call applied, in order; empty when the database was up to date. */
  applied: string[];
}

interface LocalMigration {
  name: string;
  script: string;
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

/** Prisma Migrate's advisory lock key: taking the same one keeps us and `prisma migrate deploy` apart too. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Prisma's own DDL (schema-engine, sql-schema-connector/src/flavour/postgres.rs), unchanged. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

/**
 * Applies every migration in migrationsDir not yet recorded in `_prisma_migrations`, in name order, each in its
 * own transaction, under Prisma Migrate's advisory lock so that processes starting together apply each once.
 * Refuses to run when an applied migration's file changed or an earlier migration failed.
 */
export async function applyMigrations(
  connectionString: string,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const migrationsDir = options.migrationsDir ?? path.join(__dirname, 'migrations');
  const logger = options.logger;
  const local = await readMigrations(migrationsDir);

  const client = new Client({ connectionString });
  await client.connect();
  try {
    const { rows: locked } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      PRISMA_MIGRATE_LOCK_KEY,
    ]);
    if (!locked[0]?.ok) {
      logger?.info('another process is applying migrations; waiting for it');
      await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    }
    // The lock is per session: it also ends when the connection does, e.g. if this process dies.
    await useSchemaFromUrl(client, connectionString); // under the lock: concurrent CREATE SCHEMA can collide
    const { rows: table } = await client.query<{ name: string | null }>(
      "SELECT to_regclass('_prisma_migrations')::text AS name",
    );
    if (!table[0]?.name) await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<MigrationRow>(
      'SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at ' +
        'FROM _prisma_migrations ORDER BY started_at, migration_name',
    );

    const applied = checkHistory(local, rows, migrationsDir, logger);
    const pending = local.filter((migration) => !applied.has(migration.name));
    const newestApplied = [...applied].sort().at(-1);
    const appliedNow: string[] = [];
    for (const migration of pending) {
      if (newestApplied !== undefined && migration.name < newestApplied) {
        logger?.warn(
          { migration: migration.name, newestApplied },
          'applying a migration older than one already applied',
        );
      }
      const startedAt = Date.now();
      await applyOne(client, migration);
      appliedNow.push(migration.name);
      logger?.info({ migration: migration.name, ms: Date.now() - startedAt }, 'applied migration');
    }
    return { applied: appliedNow };
  } finally {
    // Ending the session releases the advisory lock.
    await client.end();
  }
}

/** Prisma's checksum: sha256 of the migration.sql text, lowercase hex. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Mirrors Prisma's `script_matches_checksum`: git may turn LF into CRLF on checkout (or back), which must not
 * count as an edit; very old Prisma versions also wrote checksums without zero-padding each byte.
 */
function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\n/g, '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const rendered =
      checksum.length === 64 ? digest.toString('hex') : [...digest].map((b) => b.toString(16)).join('');
    return rendered === checksum;
  });
}

async function readMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  const lockFile = await fs
    .readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')
    .catch(() => undefined);
  const provider = lockFile?.match(/^\s*provider\s*=\s*"([^"]+)"/m)?.[1];
  if (provider !== undefined && provider !== 'postgresql') {
    throw new Error(
      `${migrationsDir}/migration_lock.toml says provider "${provider}"; these migrations are not for PostgreSQL.`,
    );
  }
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  // Prisma orders migrations by directory name (the timestamp prefix), byte-wise.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      const script = await fs.readFile(file, 'utf8').catch(() => {
        throw new Error(`${file} is missing: every directory in ${migrationsDir} must hold a migration.sql.`);
      });
      return { name, script };
    }),
  );
}

/** Returns the names of the migrations already applied; throws if the history needs a human first. */
function checkHistory(
  local: LocalMigration[],
  rows: MigrationRow[],
  migrationsDir: string,
  logger: Pick<Logger, 'info' | 'warn'> | undefined,
): Set<string> {
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    const details = failed
      .map(
        (row) =>
          `- ${row.migration_name} (started ${row.started_at.toISOString()}, id ${row.id})` +
          (row.logs?.trim() ? `:\n${row.logs.trim()}` : ''),
      )
      .join('\n');
    throw new Error(
      `Refusing to migrate: a previous migration failed and may be partly applied.\n${details}\n` +
        'Check the database and undo what that migration did, then mark it rolled back so it is applied again: ' +
        "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = '<id>' (on a machine with Prisma " +
        'Migrate, `prisma migrate resolve --rolled-back <name>` does the same).',
    );
  }

  const scripts = new Map(local.map((migration) => [migration.name, migration.script]));
  const applied = new Set<string>();
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue; // Prisma treats rolled-back migrations as not applied
    const script = scripts.get(row.migration_name);
    if (script === undefined) {
      logger?.warn(
        { migration: row.migration_name, migrationsDir },
        'the database records a migration that is not in the migrations directory (applied by a newer version?)',
      );
    } else if (!scriptMatchesChecksum(script, row.checksum)) {
      throw new Error(
        `Refusing to migrate: ${row.migration_name}/migration.sql was modified after it was applied ` +
          `(checksum applied: ${row.checksum}, file now: ${migrationChecksum(script)}). Never edit an applied ` +
          'migration: restore the file (`git checkout -- prisma/migrations/' +
          `${row.migration_name}/migration.sql\`) and put the change in a new migration (\`npm run migrate:new -- <name>\`).`,
      );
    }
    applied.add(row.migration_name);
  }
  return applied;
}

/**
 * One transaction per migration: a failure leaves neither schema changes nor a bookkeeping row behind, so fixing
 * the file and running again is safe (Prisma, which applies without a transaction, records a failed row instead).
 */
async function applyOne(client: Client, migration: LocalMigration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) ' +
        'VALUES ($1, $2, $3, now(), 0)',
      [id, migrationChecksum(migration.script), migration.name],
    );
    await client.query(migration.script);
    // clock_timestamp(), not now(): now() is frozen at the transaction's start.
    await client.query(
      'UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(
      `Migration ${migration.name} failed and was rolled back; nothing of it was applied.\n` +
        `${describeSqlError(error, migration.script)}\nFix its migration.sql (never applied, so editing it is fine) and run again.`,
      { cause: error },
    );
  }
}

function describeSqlError(error: unknown, script: string): string {
  if (!(error instanceof Error)) return String(error);
  const { position, code } = error as Partial<DatabaseError>;
  const line = position
    ? ` (migration.sql line ${script.slice(0, Number(position)).split('\n').length})`
    : '';
  // Statements PostgreSQL refuses inside a transaction block; Prisma would run them, we cannot.
  const hint =
    code === '25001' || code === '55P04'
      ? '\nThis statement cannot run inside a transaction together with the rest: move it to a migration of its own.'
      : '';
  return `${error.message}${line}${hint}`;
}

/** Honours Prisma's `?schema=` URL parameter, which node-postgres ignores. */
async function useSchemaFromUrl(client: Client, connectionString: string): Promise<void> {
  const schema = URL.canParse(connectionString) ? new URL(connectionString).searchParams.get('schema') : null;
  if (!schema) return;
  const ident = client.escapeIdentifier(schema);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident}`);
  await client.query(`SET search_path TO ${ident}`);
}

if (require.main === module) {
  // eslint-disable-next-line no-restricted-properties -- CLI entry point, runs outside bot/config.ts
  const url = process.env.DATABASE_URL;
  const logger = createLogger({ level: 'info', pretty: Boolean(process.stdout.isTTY) });
  if (!url) {
    logger.error('DATABASE_URL is not set; e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scrm');
    process.exitCode = 1;
  } else {
    applyMigrations(url, { logger }).then(
      ({ applied }) =>
        logger.info({ applied }, applied.length ? 'migrations applied' : 'database already up to date'),
      (error: unknown) => {
        logger.error(error instanceof Error ? error.message : String(error));
        process.exitCode = 1;
      },
    );
  }
}
