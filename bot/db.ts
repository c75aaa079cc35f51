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

/** One pool of PostgreSQL connections per process, shared by Prisma (no native engine) and raw queries. */
export function createDatabase(url: string, poolSize = 10): Database {
  const pool = new Pool({ connectionString: url, max: poolSize });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return { db, pool };
}

/**
 * Runs `work` in one transaction on one pooled connection: committed if it returns, rolled back if it throws.
 * For raw-SQL paths that need several statements (or a transaction-scoped advisory lock) to stand together.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
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
