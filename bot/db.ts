import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
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
