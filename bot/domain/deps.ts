import type { Pool } from 'pg';
import type { Db } from '../db';
import type { Logger } from '../logger';
import type { WecomClient } from '../wecom/client';
import type { Enqueue, EnqueueMany } from './jobs/job-definitions';

/**
 * What every domain function takes (or a Pick of it). The data-access rule is in bot/db.ts: Prisma (`db`) for
 * row-at-a-time reads and writes, pg (`pool`) for set-based statements and the hot paths; a function picks what
 * it uses, so its callers never choose.
 */
export interface DomainDeps {
  db: Db;
  /** The same connections as `db`, for set-based SQL and the hot paths (see bot/db.ts). */
  pool: Pool;
  wecom: WecomClient;
  logger: Logger;
  /** Background work, type-checked against bot/domain/jobs/job-definitions.ts. */
  enqueue: Enqueue;
  /**
   * Many jobs of one kind in one Redis round trip, where the caller has it (the worker does): set-based work
   * queues its jobs with it, and falls back to `enqueue` one by one without.
   */
  enqueueMany?: EnqueueMany;
}

/** For work that only reads WeCom and writes the database (imports, profile syncs). */
export type SyncDeps = Pick<DomainDeps, 'db' | 'pool' | 'wecom' | 'logger'>;
