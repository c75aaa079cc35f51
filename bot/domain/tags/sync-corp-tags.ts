import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../db';
import type { Logger } from '../../logger';
import type { WecomClient } from '../../wecom/client';
import { getCorpTagList, getStrategyTagList, type WecomTagGroup } from '../../wecom/api/corp-tags';
import { WecomError } from '../../wecom/errors';
import { isStorableText } from '../validation/storable-text';
import { claimIntendedTags } from './tag-intents';

export interface TagSyncResult {
  groups: number;
  tags: number;
  /** Tags WeCom no longer has: their links are gone and pending changes to them failed. */
  deletedTags: number;
  /** WeCom ids of groups and tags this sync could not store (each logged with why); the rest was mirrored. */
  skipped: string[];
}

/** Serialises syncs: two overlapping syncs could otherwise mark each other's fresh rows deleted. */
const SYNC_LOCK = 'tag-sync';

interface Skipped {
  wecomId: string;
  kind: 'group' | 'tag';
  reason: string;
}

/**
 * Mirrors WeCom's corp tags and rule-group tags into tag_group / tag. A full read is cheap (≤3,000 corp tags)
 * and is the only safe answer to change_external_tag: one console save sends several callbacks, a shuffle names
 * no tags, and callbacks may be lost or reordered. Tags WeCom dropped are kept with deleted_at (history reads),
 * their relation links go (WeCom removes them from customers too), and changes still waiting to reach WeCom fail
 * visibly instead of retrying into 40068 forever. A group or tag PostgreSQL will not take (a name with U+0000,
 * a constraint) is skipped and logged with its WeCom id, so one bad row never stops the rest of the mirror.
 * Tags our app asked WeCom for but never recorded (wecom_write_intent) are marked ours as they arrive.
 */
export async function syncCorpTags(deps: {
  pool: Pool;
  wecom: WecomClient;
  logger: Logger;
}): Promise<TagSyncResult> {
  // Our own writes (a tag we created, one we deleted) may land between this read of WeCom and the write below:
  // rows changed after the read began are not judged by it (the database's clock on both sides).
  const { rows: clock } = await deps.pool.query<{ now: Date }>('SELECT now() AS now');
  const readAt = clock[0]!.now;
  const corp = await getCorpTagList(deps.wecom);
  const strategy = await getStrategyTagList(deps.wecom).catch((error: unknown) => {
    // An app without rule-group permission still mirrors its corp tags; rule-group rows are left as they were.
    if (error instanceof WecomError && !error.isRetryable) {
      deps.logger.warn({ errcode: error.errcode }, 'rule-group tags unavailable; keeping the ones we have');
      return null;
    }
    throw error;
  });
  const result = await inTransaction(deps.pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SYNC_LOCK]);
    const groups = [...corp, ...(strategy ?? [])];
    const skipped: Skipped[] = [];
    await upsertGroups(client, groups, readAt, skipped);
    await upsertTags(client, groups, readAt, skipped);
    const deletedTags = await markMissingDeleted(client, groups, strategy !== null, readAt, skipped);
    await claimIntendedTags(client, corp);
    const tags = groups.reduce((n, g) => n + (g.tag?.length ?? 0), 0);
    return { groups: groups.length, tags, deletedTags, skipped };
  });
  for (const s of result.skipped) {
    deps.logger.warn(
      { wecomId: s.wecomId, kind: s.kind, reason: s.reason },
      'WeCom tag not mirrored; skipped',
    );
  }
  return { ...result, skipped: result.skipped.map((s) => s.wecomId) };
}

const seconds = (s: number | undefined) => (s ? new Date(s * 1000) : null);

/**
 * Runs a set-based write over all items; if PostgreSQL refuses it, writes them one at a time (each in its own
 * savepoint) and skips, with the reason, each one it still refuses. Only a refusal of the data is skipped: any
 * other error (the database gone, a deadlock) ends the sync, which the next one repeats.
 */
async function writeSkipping<T>(
  client: PoolClient,
  items: T[],
  describe: (item: T) => Omit<Skipped, 'reason'>,
  write: (batch: T[]) => Promise<void>,
  skipped: Skipped[],
): Promise<void> {
  if (items.length === 0) return;
  try {
    await inSavepoint(client, () => write(items));
    return;
  } catch (error) {
    if (!isRowRefusal(error)) throw error;
  }
  for (const item of items) {
    try {
      await inSavepoint(client, () => write([item]));
    } catch (error) {
      if (!isRowRefusal(error)) throw error;
      skipped.push({ ...describe(item), reason: (error as Error).message });
    }
  }
}

/**
 * SQLSTATE classes that refuse this statement's data, which writing the same row again will not change: 22 data
 * exception (e.g. 22021, U+0000), 23 integrity constraint, 54 program limit (an index row too big), P0 a
 * trigger's RAISE.
 */
function isRowRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|54|P0)/.test(code);
}

async function inSavepoint(client: PoolClient, work: () => Promise<void>): Promise<void> {
  await client.query('SAVEPOINT tag_sync_write');
  try {
    await work();
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT tag_sync_write');
    throw error;
  }
  await client.query('RELEASE SAVEPOINT tag_sync_write');
}

/** Names PostgreSQL would refuse (U+0000) or silently change (a lone surrogate) are skipped before writing. */
function storableOnly<T>(
  items: T[],
  nameOf: (item: T) => string,
  describe: (item: T) => Omit<Skipped, 'reason'>,
  skipped: Skipped[],
): T[] {
  return items.filter((item) => {
    if (isStorableText(nameOf(item))) return true;
    skipped.push({ ...describe(item), reason: 'name contains U+0000 or a lone surrogate' });
    return false;
  });
}

async function upsertGroups(
  client: PoolClient,
  all: WecomTagGroup[],
  readAt: Date,
  skipped: Skipped[],
): Promise<void> {
  const describe = (g: WecomTagGroup) => ({ wecomId: g.group_id, kind: 'group' as const });
  const groups = storableOnly(all, (g) => g.group_name, describe, skipped);
  await writeSkipping(
    client,
    groups,
    describe,
    async (batch) => {
      await client.query(
        `INSERT INTO tag_group (id, wecom_group_id, name, "order", strategy_id, wecom_created_at, updated_at)
         SELECT gen_random_uuid(), g.id, g.name, g.ord, g.strategy, g.created, now()
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::timestamptz[])
           AS g(id, name, ord, strategy, created)
         ON CONFLICT (wecom_group_id) DO UPDATE SET name = excluded.name, "order" = excluded."order",
           strategy_id = excluded.strategy_id, deleted_at = NULL, updated_at = now()
         WHERE (tag_group.name, tag_group."order", tag_group.strategy_id, tag_group.deleted_at)
           IS DISTINCT FROM (excluded.name, excluded."order", excluded.strategy_id, NULL)
           AND tag_group.updated_at < $6`,
        [
          batch.map((g) => g.group_id),
          batch.map((g) => g.group_name),
          batch.map((g) => g.order ?? 0),
          batch.map((g) => g.strategy_id ?? null),
          batch.map((g) => seconds(g.create_time)),
          readAt,
        ],
      );
    },
    skipped,
  );
}

async function upsertTags(
  client: PoolClient,
  groups: WecomTagGroup[],
  readAt: Date,
  skipped: Skipped[],
): Promise<void> {
  const describe = ({ t }: { t: { id: string } }) => ({ wecomId: t.id, kind: 'tag' as const });
  const rows = storableOnly(
    groups.flatMap((g) => (g.tag ?? []).map((t) => ({ g, t }))),
    ({ t }) => t.name,
    describe,
    skipped,
  );
  const fresh: string[] = [];
  await writeSkipping(
    client,
    rows,
    describe,
    async (batch) => {
      const { rows: written } = await client.query<{ id: string; inserted: boolean }>(
        `INSERT INTO tag (id, wecom_tag_id, group_id, name, "order", strategy_id, wecom_created_at, updated_at)
         SELECT gen_random_uuid(), t.id, tg.id, t.name, t.ord, tg.strategy_id, t.created, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[])
           AS t(id, group_wecom_id, name, ord, created)
         JOIN tag_group tg ON tg.wecom_group_id = t.group_wecom_id
         ON CONFLICT (wecom_tag_id) DO UPDATE SET name = excluded.name, "order" = excluded."order",
           group_id = excluded.group_id, strategy_id = excluded.strategy_id, deleted_at = NULL, updated_at = now()
         WHERE (tag.name, tag."order", tag.group_id, tag.strategy_id, tag.deleted_at)
           IS DISTINCT FROM (excluded.name, excluded."order", excluded.group_id, excluded.strategy_id, NULL)
           AND tag.updated_at < $6
         RETURNING id, (xmax = 0) AS inserted`,
        [
          batch.map(({ t }) => t.id),
          batch.map(({ g }) => g.group_id),
          batch.map(({ t }) => t.name),
          batch.map(({ t }) => t.order ?? 0),
          batch.map(({ t }) => seconds(t.create_time)),
          readAt,
        ],
      );
      fresh.push(...written.filter((r) => r.inserted).map((r) => r.id));
    },
    skipped,
  );
  // Relations read before we knew a tag (initial import, a console-made tag) keep its id in wecom_tag_ids.
  if (fresh.length > 0) {
    await client.query(
      // One pass over the relations' snapshots, hash-joined to the new tags (an ANY() join would be a nested loop).
      `INSERT INTO relation_tag (relation_id, tag_id)
       SELECT gc.id, t.id FROM guide_customer gc CROSS JOIN LATERAL unnest(gc.wecom_tag_ids) AS w(wecom_tag_id)
       JOIN tag t ON t.wecom_tag_id = w.wecom_tag_id
       WHERE t.id = ANY($1::uuid[])
       ON CONFLICT DO NOTHING`,
      [fresh],
    );
  }
}

async function markMissingDeleted(
  client: PoolClient,
  groups: WecomTagGroup[],
  sawStrategyTags: boolean,
  readAt: Date,
  skipped: Skipped[],
): Promise<number> {
  const groupIds = groups.map((g) => g.group_id);
  const tagIds = groups.flatMap((g) => (g.tag ?? []).map((t) => t.id));
  // Rule-group rows are judged only when the rule-group list was read.
  const scope = sawStrategyTags ? 'TRUE' : 'strategy_id IS NULL';
  const { rows: goneGroups } = await client.query<{ id: string; wecom_group_id: string }>(
    `SELECT id, wecom_group_id FROM tag_group
     WHERE deleted_at IS NULL AND ${scope} AND wecom_group_id <> ALL($1::text[]) AND updated_at < $2`,
    [groupIds, readAt],
  );
  await writeSkipping(
    client,
    goneGroups,
    (g) => ({ wecomId: g.wecom_group_id, kind: 'group' }),
    async (batch) => {
      await client.query(
        'UPDATE tag_group SET deleted_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])',
        [batch.map((g) => g.id)],
      );
    },
    skipped,
  );
  const { rows: goneTags } = await client.query<{ id: string; wecom_tag_id: string }>(
    `SELECT id, wecom_tag_id FROM tag
     WHERE deleted_at IS NULL AND ${scope} AND wecom_tag_id <> ALL($1::text[]) AND updated_at < $2`,
    [tagIds, readAt],
  );
  const deleted: string[] = [];
  await writeSkipping(
    client,
    goneTags,
    (t) => ({ wecomId: t.wecom_tag_id, kind: 'tag' }),
    async (batch) => {
      const ids = batch.map((t) => t.id);
      await client.query('UPDATE tag SET deleted_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])', [
        ids,
      ]);
      await forgetDeletedTags(client, ids);
      deleted.push(...ids);
    },
    skipped,
  );
  return deleted.length;
}

/** WeCom removes a deleted tag from every customer; what we still meant to push about it can never succeed. */
export async function forgetDeletedTags(client: PoolClient, tagIds: string[]): Promise<void> {
  await client.query('DELETE FROM relation_tag WHERE tag_id = ANY($1::uuid[])', [tagIds]);
  await client.query(
    `UPDATE tag_change SET status = 'FAILED', last_errcode = 40068, error = $2, updated_at = now()
     WHERE tag_id = ANY($1::uuid[]) AND status = 'PENDING'`,
    [tagIds, TAG_DELETED_MESSAGE],
  );
}

export const TAG_DELETED_MESSAGE = '标签已在企业微信删除';
