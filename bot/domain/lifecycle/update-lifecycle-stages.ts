import type { Pool } from 'pg';
import type { Logger } from '../../logger';
import type { LifecycleStage } from '../../generated/prisma/client';
import type { WecomClient } from '../../wecom/client';
import { analyzeTables } from '../maintenance/analyze-tables';
import { OPERATIONS_GROUP } from '../tags/default-taxonomy';
import { ensureNamedTags } from '../tags/ensure-named-tags';
import { setExclusiveTags } from '../tags/set-exclusive-tags';
import { LIFECYCLE_STAGES, stageSql } from './lifecycle-stage';

export interface LifecycleSweep {
  customers: number;
  changed: number;
  relationsToPush: number;
}

const CHUNK = 10_000;

/**
 * The daily lifecycle sweep: every customer's stage from months since joining or the last purchase, in chunks of
 * customers (by id) so no statement holds a million rows. Tag changes follow only where a relation's stage tag
 * (运营标签) differs from its customer's stage: the new one replaces the old. The tag pump sends them to WeCom
 * within WeCom's rate limits. The tables it changed are analyzed afterwards (autovacuum may be off or behind).
 */
export async function updateLifecycleStages(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  options: { timezone: string; now?: Date },
): Promise<LifecycleSweep> {
  const now = options.now ?? new Date();
  const tags = await ensureNamedTags(
    deps,
    OPERATIONS_GROUP,
    LIFECYCLE_STAGES.map((s) => s.tag),
  );
  const tagOf = new Map(LIFECYCLE_STAGES.map((s) => [s.stage, tags.get(s.tag)!]));
  await fillJoinedAt(deps.pool);
  const result: LifecycleSweep = { customers: 0, changed: 0, relationsToPush: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await deps.pool.query<{ id: string; stage: LifecycleStage; changed: boolean }>(
      `WITH chunk AS (
         SELECT id, lifecycle_stage AS old, ${stageSql('greatest(joined_at, last_purchase_at)', '$2::timestamptz', '$3::text')} AS stage
         FROM customer WHERE id > $1 AND coalesce(joined_at, last_purchase_at) IS NOT NULL
         ORDER BY id LIMIT $4
       ),
       updated AS (
         UPDATE customer c SET lifecycle_stage = chunk.stage, lifecycle_changed_at = $2, updated_at = now()
         FROM chunk WHERE c.id = chunk.id AND chunk.old IS DISTINCT FROM chunk.stage
         RETURNING c.id
       )
       SELECT chunk.id, chunk.stage, chunk.id IN (SELECT id FROM updated) AS changed FROM chunk ORDER BY chunk.id`,
      [after, now, options.timezone, CHUNK],
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const changed = rows.filter((r) => r.changed);
    result.customers += rows.length;
    result.changed += changed.length;
    // Every customer of the chunk, not only those whose stage changed now: setExclusiveTags writes only real
    // differences, and this way a sweep that died between the two statements, or a relation added since (a
    // second guide, a re-add), gets its stage tag on the next run.
    const relations = await setExclusiveTags(
      deps.pool,
      [...tagOf.values()],
      rows.map((r) => ({ customerId: r.id, tagId: tagOf.get(r.stage)! })),
      'lifecycle',
    );
    result.relationsToPush += relations.length;
  }
  // A sweep after an import changes every customer and writes a tag change per relation: the planner must know.
  if (result.changed > 0 || result.relationsToPush > 0)
    await analyzeTables(deps, ['customer', 'relation_tag', 'tag_change']);
  return result;
}

/** Customers imported or added before joined_at existed: their first relation's add time. */
async function fillJoinedAt(pool: Pool): Promise<void> {
  await pool.query(
    `UPDATE customer c SET joined_at = j.joined_at
     FROM (SELECT customer_id, min(coalesce(added_at, created_at)) AS joined_at FROM guide_customer GROUP BY 1) j
     WHERE c.joined_at IS NULL AND j.customer_id = c.id`,
  );
}
