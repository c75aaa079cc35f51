import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolClient } from 'pg';
import { PrismaClient } from './generated/prisma/client';

/**
 * How we reach PostgreSQL, one rule for all domain code:
 * - **Prisma (`db`)** for row-at-a-time reads and writes: a customer, a follow-up, a group, a setting.
 * - **pg (`pool`)** for set-based statements (one statement over many rows: membership rules compiled to SQL,
 *   tag edits as one CTE, lifecycle sweeps, batched inserts, listings with joins and aggregates) and for the two
 *   hot paths (callback ingest, welcome), where Prisma's per-query compile cost shows (README "Notes on
 *   performance"). Raw SQL takes its values through `SqlParams` (or a fixed `$n` list), never in its text.
 * Domain functions take `DomainDeps` (or a Pick of it) and choose for themselves; their callers never do.
 */
export type Db = PrismaClient;

export interface Database {
  db: Db;
  /** The same connections as `db`. */
  pool: Pool;
}

/**
 * One pool of PostgreSQL connections per process, shared by Prisma (no native engine) and raw queries.
 * `onIdleError` hears of an idle connection that dropped (PostgreSQL restarted, a proxy cut): the pool has
 * already discarded it and opens a new one when asked. Without a listener of ours the pool's 'error' was
 * unhandled, and killed the process, until Prisma's first query added one of its own.
 */
export function createDatabase(url: string, poolSize: number, onIdleError: (error: Error) => void): Database {
  const pool = new Pool({ connectionString: url, max: poolSize });
  pool.on('error', onIdleError);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return { db, pool };
}

/**
 * Runs `work` in one transaction on one pooled connection: committed if it returns, rolled back if it throws.
 * For raw-SQL paths that need several statements (or a transaction-scoped advisory lock) to stand together.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no listener of the pool's: a connection that drops mid-transaction (PostgreSQL
  // restarted) emitted an unhandled 'error' and killed the process. Its queries fail on their own.
  let lost: unknown = null;
  const onError = (error: unknown) => (lost = error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (!lost) await client.query('ROLLBACK').catch((rollbackError: unknown) => (lost = rollbackError));
    throw error;
  } finally {
    client.removeListener('error', onError);
    // A broken connection is destroyed, not handed to the next caller.
    client.release(lost !== null);
  }
}

/**
 * Collects the values of a parameterised statement and hands out their `$n` placeholders, so fragments built
 * by different functions (the actor's scope, a compiled rule, a cursor) number their parameters consistently.
 * Values never reach the SQL text.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, with a cast when pg cannot infer the type (arrays, enums). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

// Connection failures, server shutdown or restart, too many connections: PostgreSQL is not there, as opposed to
// refusing this statement (bad data, a constraint), which trying again will not change.
const UNAVAILABLE_SQLSTATES = new Set([
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Whether an error means the database could not be reached at all (so the same work may succeed later). */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: socket errors may come from another realm (Node's internals under a VM).
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code)))
    return true;
  if (Array.isArray(errors)) return errors.some(isDatabaseUnavailable);
  // pg's own messages for a connection that dropped or never came.
  return (
    typeof message === 'string' &&
    /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed/i.test(
      message,
    )
  );
}

/**
 * Closes Prisma and the pool it shares. Prisma's adapter ends the pool only if Prisma itself connected, so a
 * process that only ran raw SQL (a web role that ingested callbacks) would keep its connections open.
 */
export async function closeDatabase({ db, pool }: Database): Promise<void> {
  await db.$disconnect();
  if (!pool.ending) await pool.end();
}
