import type { Pool } from 'pg';
import type { Logger } from '../../logger';
import type { WecomClient } from '../../wecom/client';
import { inTransaction } from '../../db';
import { isWecomError, retryAfterOf } from '../../wecom/errors';
import { findPendingTagPushes } from './find-pending-tag-pushes';
import { countAttempt, loadPendingPushes, markSynced, pushRelation } from './push-tag-changes';

/**
 * The share of each rate-limit window bulk pushes may use: the rest stays free for a guide's own edit, whose
 * push would otherwise wait up to a minute behind a sweep. 90% of our 9,000 a minute is 81% of WeCom's 10,000.
 */
export const BULK_PUSH_SHARE = 0.9;
/** Relations one slice takes: a few seconds of pushing at the limit, so a slice never runs for long. */
const RELATIONS_PER_SLICE = 1_000;
/** Relations pushed in one transaction: a handful of statements for all of them instead of six each. */
const RELATIONS_PER_TRANSACTION = 50;
/** Transactions at once (each holds a connection), and mark_tag calls at once in each. */
const GROUPS_AT_ONCE = 2;
const PUSHES_AT_ONCE = 4;
/** After a slice that pushed nothing it could (errors of ours, not WeCom's answers), wait before the next. */
const STALLED_DELAY_MS = 5_000;

export interface TagPumpResult {
  relations: number;
  synced: number;
  failed: number;
  /** Where the next slice starts and when; null when nothing is left to push now. */
  next: { after: string | null; delayMs: number } | null;
  /** Another slice held the pump: it goes on, this one did nothing. */
  isSkipped?: boolean;
}

/**
 * One slice of the tag pump: pushes the pending tag changes of up to a thousand relations after `after`, fifty
 * to a transaction and eight at a time, as fast as the rate limiter lets bulk work (BULK_PUSH_SHARE of each window), and says where the next
 * slice starts: after the last relation, from the start once the end is reached (changes made meanwhile), or
 * where this one began once the window is full, when it reopens. `beforeEach` runs before every push: the
 * worker makes it wait while welcomes are being sent (jobs/priorities.ts). One slice at a time, corp-wide (an
 * advisory lock), so two never compete for the same window.
 */
export async function pushPendingTags(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  slice: { after: string | null },
  options: { beforeEach?: () => Promise<void>; relationsPerSlice?: number } = {},
): Promise<TagPumpResult> {
  const lock = await deps.pool.connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock(hashtext('tag-pump')) AS ok",
    );
    if (!rows[0]?.ok) return { relations: 0, synced: 0, failed: 0, next: null, isSkipped: true };
    try {
      return await pushSlice(deps, slice.after, options);
    } finally {
      await lock.query("SELECT pg_advisory_unlock(hashtext('tag-pump'))");
    }
  } finally {
    lock.release();
  }
}

async function pushSlice(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  after: string | null,
  options: { beforeEach?: () => Promise<void>; relationsPerSlice?: number },
): Promise<TagPumpResult> {
  const perSlice = options.relationsPerSlice ?? RELATIONS_PER_SLICE;
  const relations = await findPendingTagPushes(deps, after, perSlice);
  const result: TagPumpResult = { relations: relations.length, synced: 0, failed: 0, next: null };
  const run: SliceRun = { beforeEach: options.beforeEach, postponeMs: undefined };
  const groups: string[][] = [];
  for (let i = 0; i < relations.length; i += RELATIONS_PER_TRANSACTION)
    groups.push(relations.slice(i, i + RELATIONS_PER_TRANSACTION));
  let erroneous = 0;
  await Promise.all(
    Array.from({ length: Math.min(GROUPS_AT_ONCE, groups.length) }, async () => {
      for (let group = groups.shift(); group && run.postponeMs === undefined; group = groups.shift()) {
        try {
          const pushed = await pushGroup(deps, group, run);
          result.synced += pushed.synced;
          result.failed += pushed.failed;
        } catch (error) {
          // Ours, not WeCom's answer (WeCom's are handled per relation): these relations stay pending.
          erroneous += group.length;
          deps.logger.warn({ err: error, relations: group.length }, 'tag pushes failed; retried later');
        }
      }
    }),
  );
  if (run.postponeMs !== undefined) result.next = { after, delayMs: run.postponeMs };
  else if (relations.length === perSlice) result.next = { after: relations.at(-1)!, delayMs: 0 };
  // The end: once more from the start for changes made meanwhile; a slice that finds none ends the chain.
  else if (relations.length > 0 || after !== null) result.next = { after: null, delayMs: 0 };
  const isStalled = relations.length > 0 && erroneous === relations.length;
  if (result.next && isStalled) result.next.delayMs = Math.max(result.next.delayMs, STALLED_DELAY_MS);
  return result;
}

interface SliceRun {
  beforeEach: (() => Promise<void>) | undefined;
  /** Set once the rate limiter refused: nothing more is started, and the next slice waits this long. */
  postponeMs: number | undefined;
}

/**
 * Pushes a group of relations in one transaction: their push locks taken at once (a relation whose lock is
 * held is being pushed by its own edit's job, and is left to it), their pending changes read in one query, the
 * mark_tag calls made side by side, and what WeCom took marked SYNCED in one statement. A passing refusal is
 * counted against the relation (it waits its backoff); the rate limiter's refusal stops the group.
 */
async function pushGroup(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  relationIds: string[],
  run: SliceRun,
): Promise<{ synced: number; failed: number }> {
  const passing: { relationId: string; errcode: number }[] = [];
  const pushed = await inTransaction(deps.pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "SELECT id FROM unnest($1::uuid[]) AS id WHERE pg_try_advisory_xact_lock(hashtext('tags:' || id))",
      [relationIds],
    );
    const queue = [
      ...(
        await loadPendingPushes(
          client,
          rows.map((r) => r.id),
        )
      ).values(),
    ];
    const syncedIds: string[] = [];
    let failed = 0;
    await Promise.all(
      Array.from({ length: Math.min(PUSHES_AT_ONCE, queue.length) }, async () => {
        for (let push = queue.shift(); push && run.postponeMs === undefined; push = queue.shift()) {
          await run.beforeEach?.();
          try {
            const done = await pushRelation(deps, client, push, { rateLimitShare: BULK_PUSH_SHARE });
            syncedIds.push(...done.syncedIds);
            failed += done.failed;
          } catch (error) {
            const waitMs = retryAfterOf(error);
            if (waitMs !== undefined) run.postponeMs = Math.max(run.postponeMs ?? 0, waitMs);
            else if (isWecomError(error) && error.isRetryable)
              passing.push({ relationId: push.relationId, errcode: error.errcode });
            else throw error;
          }
        }
      }),
    );
    await markSynced(client, syncedIds);
    return { synced: syncedIds.length, failed };
  });
  for (const { relationId, errcode } of passing) await countAttempt(deps.pool, relationId, errcode);
  return pushed;
}
