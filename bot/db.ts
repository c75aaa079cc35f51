import { PrismaPg } from '@prisma/adapter-pg';
import { Pool, type PoolClient } from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface Database {
  /** Prisma for everything but the hottest path. */
  db: Db;
  /** The same connections, for the few statements where Prisma's per-query compile cost matters (callback ingest). */
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
