import type { Pool } from 'pg';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { WecomClient } from '../wecom/client';

export interface EnqueueOptions {
  /** A job whose id is already queued is not queued again. */
  jobId?: string;
  delay?: number;
}

/** Queues background work by job name (jobs/registry.ts checks names and payloads at the edge). */
export type Enqueue = (name: string, payload: unknown, options?: EnqueueOptions) => Promise<void>;

/** What domain functions need. They never see Koa, Bull or React. */
export interface DomainDeps {
  db: Db;
  /** The same connections as `db`, for the hot paths where Prisma's per-query compile cost shows. */
  pool: Pool;
  wecom: WecomClient;
  logger: Logger;
  enqueue: Enqueue;
}

/** For work that only reads WeCom and writes the database (imports, profile syncs). */
export type SyncDeps = Pick<DomainDeps, 'db' | 'pool' | 'wecom' | 'logger'>;
