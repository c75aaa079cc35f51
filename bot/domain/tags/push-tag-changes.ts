import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../db';
import type { Logger } from '../../logger';
import type { WecomClient } from '../../wecom/client';
import { getCorpTagList, markTag } from '../../wecom/api/corp-tags';
import type { CallOptions } from '../../wecom/client';
import { isWecomError, retryAfterOf } from '../../wecom/errors';
import { TAG_DELETED_MESSAGE } from './sync-corp-tags';

export interface PendingChange {
  id: string;
  op: 'ADD' | 'REMOVE';
  tag_id: string;
  wecom_tag_id: string;
}

export interface PushResult {
  synced: number;
  failed: number;
}

/** After this many failed pushes a change is given up on, visibly, rather than retried forever. */
export const MAX_TAG_PUSH_ATTEMPTS = 20;

/** Messages a manager reads on a failed change (the errcode is kept beside it). */
const FAILURE_MESSAGES: Record<number, string> = {
  40068: TAG_DELETED_MESSAGE,
  84061: '客户与导购已不是好友，标签无法同步',
};

/**
 * Pushes a relation's pending tag changes to WeCom in one mark_tag call. One push per relation at a time (an
 * advisory lock held across the call), so an add and a later remove of the same tag can never reach WeCom in the
 * wrong order. A passing WeCom error leaves the changes PENDING and is rethrown for the job to retry; a permanent
 * one marks them FAILED with the errcode and takes back what WeCom did not do. On 40068 we ask WeCom which tags
 * are gone, fail only those, and push the rest again.
 */
export async function pushTagChanges(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  relationId: string,
  options: CallOptions = {},
): Promise<PushResult> {
  try {
    return await inTransaction(deps.pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('tags:' || $1))", [relationId]);
      return pushLocked(deps, client, relationId, options);
    });
  } catch (error) {
    // Our own rate limit only postpones the push (issue #9: it delays work, never ends it): no attempt counted.
    if (isWecomError(error) && error.isRetryable && retryAfterOf(error) === undefined)
      await countAttempt(deps.pool, relationId, error.errcode);
    throw error;
  }
}

async function pushLocked(
  deps: { wecom: WecomClient; logger: Logger },
  client: PoolClient,
  relationId: string,
  options: CallOptions,
): Promise<PushResult> {
  const relation = (await loadPendingPushes(client, [relationId])).get(relationId);
  if (!relation) return { synced: 0, failed: 0 };
  const pushed = await pushRelation(deps, client, relation, options);
  await markSynced(client, pushed.syncedIds);
  return { synced: pushed.syncedIds.length, failed: pushed.failed };
}

/** A relation's pending changes, and who it is between in WeCom's terms. */
export interface PendingPush {
  relationId: string;
  userid: string;
  externalUserid: string;
  changes: PendingChange[];
}

/** The pending changes of these relations (whose push locks the caller holds), oldest first: one query. */
export async function loadPendingPushes(
  client: PoolClient,
  relationIds: string[],
): Promise<Map<string, PendingPush>> {
  const { rows } = await client.query<
    PendingChange & { relation_id: string; userid: string; external_userid: string }
  >(
    `SELECT tc.relation_id, tc.id, tc.op, tc.tag_id, t.wecom_tag_id, g.userid, c.external_userid
     FROM tag_change tc JOIN tag t ON t.id = tc.tag_id
     JOIN guide_customer gc ON gc.id = tc.relation_id JOIN guide g ON g.id = gc.guide_id
     JOIN customer c ON c.id = gc.customer_id
     WHERE tc.relation_id = ANY($1::uuid[]) AND tc.status = 'PENDING' ORDER BY tc.created_at`,
    [relationIds],
  );
  const pushes = new Map<string, PendingPush>();
  for (const { relation_id, userid, external_userid, ...change } of rows) {
    let push = pushes.get(relation_id);
    if (!push) {
      push = { relationId: relation_id, userid, externalUserid: external_userid, changes: [] };
      pushes.set(relation_id, push);
    }
    push.changes.push(change);
  }
  return pushes;
}

/**
 * One mark_tag call for a relation's pending changes (a second without the tags WeCom reports deleted, on
 * 40068). A permanent refusal marks the changes FAILED here; a passing one is thrown. Returns the changes WeCom
 * took, for the caller to mark SYNCED (one statement for a whole batch).
 */
export async function pushRelation(
  deps: { wecom: WecomClient; logger: Logger },
  client: PoolClient,
  relation: PendingPush,
  options: CallOptions,
): Promise<{ syncedIds: string[]; failed: number }> {
  const relationId = relation.relationId;
  let toPush = relation.changes;
  let failed = 0;
  for (let round = 0; round < 2 && toPush.length > 0; round += 1) {
    try {
      await markTag(
        deps.wecom,
        {
          userid: relation.userid,
          externalUserid: relation.externalUserid,
          add: toPush.filter((c) => c.op === 'ADD').map((c) => c.wecom_tag_id),
          remove: toPush.filter((c) => c.op === 'REMOVE').map((c) => c.wecom_tag_id),
        },
        options,
      );
      return { syncedIds: toPush.map((c) => c.id), failed };
    } catch (error) {
      if (!isWecomError(error) || error.isRetryable) throw error;
      const gone = error.errcode === 40068 && round === 0 ? await findDeletedTags(deps.wecom, toPush) : null;
      // Without a culprit (or on any other permanent error) every change in the call failed.
      const failing = gone && gone.size > 0 ? toPush.filter((c) => gone.has(c.wecom_tag_id)) : toPush;
      await failChanges(client, relationId, failing, error.errcode, error.message);
      failed += failing.length;
      deps.logger.warn(
        { relationId, errcode: error.errcode, failed: failing.length },
        'tag changes refused by WeCom',
      );
      toPush = toPush.filter((c) => !failing.includes(c));
    }
  }
  return { syncedIds: [], failed };
}

/** The changes WeCom took. */
export async function markSynced(client: PoolClient, changeIds: string[]): Promise<void> {
  if (changeIds.length === 0) return;
  await client.query(
    `UPDATE tag_change SET status = 'SYNCED', synced_at = now(), attempts = attempts + 1, updated_at = now()
     WHERE id = ANY($1::uuid[])`,
    [changeIds],
  );
}

/** Which of these tags WeCom reports deleted or no longer knows. */
async function findDeletedTags(wecom: WecomClient, changes: PendingChange[]): Promise<Set<string>> {
  const ids = [...new Set(changes.map((c) => c.wecom_tag_id))];
  const groups = await getCorpTagList(wecom, { tagIds: ids });
  const alive = new Set(groups.flatMap((g) => (g.tag ?? []).filter((t) => !t.deleted).map((t) => t.id)));
  return new Set(ids.filter((id) => !alive.has(id)));
}

async function failChanges(
  client: PoolClient,
  relationId: string,
  changes: PendingChange[],
  errcode: number,
  message: string,
): Promise<void> {
  await client.query(
    `UPDATE tag_change SET status = 'FAILED', last_errcode = $2, error = $3, attempts = attempts + 1,
       updated_at = now() WHERE id = ANY($1::uuid[])`,
    [changes.map((c) => c.id), errcode, FAILURE_MESSAGES[errcode] ?? message],
  );
  await revertLinks(client, relationId, changes, errcode);
}

/**
 * Our relation must say what WeCom has: an add that failed is taken back; so is a failed removal, unless the tag
 * itself is gone (40068: then WeCom removed it from everyone).
 */
async function revertLinks(
  client: PoolClient,
  relationId: string,
  changes: PendingChange[],
  errcode: number,
): Promise<void> {
  const adds = changes.filter((c) => c.op === 'ADD').map((c) => c.tag_id);
  await client.query('DELETE FROM relation_tag WHERE relation_id = $1 AND tag_id = ANY($2::uuid[])', [
    relationId,
    adds,
  ]);
  if (errcode !== 40068) {
    const removes = changes.filter((c) => c.op === 'REMOVE').map((c) => c.tag_id);
    await client.query(
      `INSERT INTO relation_tag (relation_id, tag_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [relationId, removes],
    );
  }
}

/** A passing failure: count it, and give up visibly after MAX_TAG_PUSH_ATTEMPTS (taking back what WeCom lacks). */
export async function countAttempt(pool: Pool, relationId: string, errcode: number): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<PendingChange & { given_up: boolean }>(
      `UPDATE tag_change tc SET attempts = attempts + 1, last_errcode = $2, updated_at = now(),
         status = CASE WHEN attempts + 1 >= $3 THEN 'FAILED'::tag_change_status ELSE status END,
         error = CASE WHEN attempts + 1 >= $3 THEN '多次重试仍未同步到企业微信' ELSE error END
       FROM tag t WHERE t.id = tc.tag_id AND tc.relation_id = $1 AND tc.status = 'PENDING'
       RETURNING tc.id, tc.op, tc.tag_id, t.wecom_tag_id, tc.status = 'FAILED' AS given_up`,
      [relationId, errcode, MAX_TAG_PUSH_ATTEMPTS],
    );
    const givenUp = rows.filter((r) => r.given_up);
    if (givenUp.length > 0) await revertLinks(client, relationId, givenUp, errcode);
  });
}
