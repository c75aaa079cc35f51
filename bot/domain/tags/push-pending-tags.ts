import type { Pool } from 'pg';
import type { Logger } from '../../logger';
import type { WecomClient } from '../../wecom/client';
import { retryAfterOf } from '../../wecom/errors';
import { findPendingTagPushes } from './find-pending-tag-pushes';
import { pushTagChanges } from './push-tag-changes';

/**
 * The share of each rate-limit window bulk pushes may use: the rest stays free for a guide's own edit, whose
 * push would otherwise wait up to a minute behind a sweep. 90% of our 9,000 a minute is 81% of WeCom's 10,000.
 */
export const BULK_PUSH_SHARE = 0.9;
/** Relations one slice takes: a few seconds of pushing at the limit, so a slice never runs for long. */
const RELATIONS_PER_SLICE = 1_000;
/** Pushes at once: each holds a connection across its WeCom call (the per-relation lock). */
const PUSHES_AT_ONCE = 6;
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
 * One slice of the tag pump: pushes the pending tag changes of up to a thousand relations after `after`, six at
 * a time, as fast as the rate limiter lets bulk work (BULK_PUSH_SHARE of each window), and says where the next
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
  let postponeMs: number | undefined;
  let errors = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PUSHES_AT_ONCE, relations.length) }, async () => {
      while (postponeMs === undefined && next < relations.length) {
        const relationId = relations[next++]!;
        await options.beforeEach?.();
        try {
          const pushed = await pushTagChanges(deps, relationId, { rateLimitShare: BULK_PUSH_SHARE });
          result.synced += pushed.synced;
          result.failed += pushed.failed;
        } catch (error) {
          const waitMs = retryAfterOf(error);
          // The window is full: stop here and come back when it reopens. Anything else is this relation's
          // (counted by pushTagChanges, retried after its backoff).
          if (waitMs !== undefined) postponeMs = Math.max(postponeMs ?? 0, waitMs);
          else {
            errors += 1;
            deps.logger.warn({ err: error, relationId }, 'tag push failed; retried later');
          }
        }
      }
    }),
  );
  if (postponeMs !== undefined) result.next = { after, delayMs: postponeMs };
  else if (relations.length === perSlice) result.next = { after: relations.at(-1)!, delayMs: 0 };
  // The end: once more from the start for changes made meanwhile; a slice that finds none ends the chain.
  else if (relations.length > 0 || after !== null) result.next = { after: null, delayMs: 0 };
  const isStalled = relations.length > 0 && errors === relations.length;
  if (result.next && isStalled) result.next.delayMs = Math.max(result.next.delayMs, STALLED_DELAY_MS);
  return result;
}
