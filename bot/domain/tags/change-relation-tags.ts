import type { Pool } from 'pg';
import { AppError, notFound } from '../../errors';
import { type Actor, relationScopeSql } from '../access/actor';

export interface TagEdit {
  /** Our tag ids (tag.id). */
  add: string[];
  remove: string[];
  /** Who asked: a guide's userid, "hq", "lifecycle", "channel:<state>" … (kept on each change). */
  source: string;
}

export interface TagEditResult {
  relationId: string;
  /** The changes this edit queued for WeCom (none when the relation already looked like that). */
  changeIds: string[];
}

/**
 * Adds and removes corp tags on one guide–customer relation. Our database changes at once, in one transaction,
 * with a PENDING tag_change per tag that really changed; a later change to the same tag supersedes one not yet
 * pushed. The caller queues push-tag-changes (and the reconciler does if Redis was down), so WeCom follows.
 * Rule-group tags are WeCom's to assign and deleted tags are gone: both are refused, naming the tag.
 */
export async function changeRelationTags(
  pool: Pool,
  actor: Actor,
  relationId: string,
  edit: TagEdit,
): Promise<TagEditResult> {
  const add = [...new Set(edit.add)];
  const remove = [...new Set(edit.remove)].filter((id) => !add.includes(id));
  const scope = relationScopeSql(actor, 2);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const relation = await client.query<{ status: string }>(
      `SELECT gc.status FROM guide_customer gc WHERE gc.id = $1::uuid AND ${scope.sql} FOR UPDATE`,
      [relationId, ...scope.params],
    );
    const status = relation.rows[0]?.status;
    if (!status) throw notFound('relation_not_found', `no customer relation ${relationId}`);
    if (status !== 'ACTIVE' && add.length > 0) {
      throw new AppError('relation_inactive', 'the customer and the guide are no longer connected', {
        status: 409,
      });
    }
    await assertEditable(client, add);
    const added = await client.query<{ tag_id: string }>(
      `INSERT INTO relation_tag (relation_id, tag_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING tag_id`,
      [relationId, add],
    );
    const removed = await client.query<{ tag_id: string }>(
      'DELETE FROM relation_tag WHERE relation_id = $1 AND tag_id = ANY($2::uuid[]) RETURNING tag_id',
      [relationId, remove],
    );
    const changed = [
      ...added.rows.map((r) => ({ tagId: r.tag_id, op: 'ADD' })),
      ...removed.rows.map((r) => ({ tagId: r.tag_id, op: 'REMOVE' })),
    ];
    let changeIds: string[] = [];
    if (changed.length > 0) {
      await client.query(
        `UPDATE tag_change SET status = 'SUPERSEDED', updated_at = now()
         WHERE relation_id = $1 AND status = 'PENDING' AND tag_id = ANY($2::uuid[])`,
        [relationId, changed.map((c) => c.tagId)],
      );
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO tag_change (id, relation_id, tag_id, op, source, updated_at)
         SELECT gen_random_uuid(), $1, c.tag_id, c.op::tag_op, $4, now()
         FROM unnest($2::uuid[], $3::text[]) AS c(tag_id, op) RETURNING id`,
        [relationId, changed.map((c) => c.tagId), changed.map((c) => c.op), edit.source],
      );
      changeIds = inserted.rows.map((r) => r.id);
    }
    await client.query('COMMIT');
    return { relationId, changeIds };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function assertEditable(client: { query: Pool['query'] }, tagIds: string[]): Promise<void> {
  if (tagIds.length === 0) return;
  const { rows } = await client.query<{
    id: string;
    name: string;
    strategy_id: number | null;
    deleted: boolean;
  }>(`SELECT id, name, strategy_id, deleted_at IS NOT NULL AS deleted FROM tag WHERE id = ANY($1::uuid[])`, [
    tagIds,
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of tagIds) {
    const tag = byId.get(id);
    if (!tag) throw new AppError('tag_not_found', `no tag ${id}`, { status: 400 });
    if (tag.deleted)
      throw new AppError('tag_deleted', `标签「${tag.name}」已在企业微信删除`, { status: 409 });
    if (tag.strategy_id !== null) {
      throw new AppError('tag_not_editable', `标签「${tag.name}」属于规则组，只能在企业微信管理后台设置`, {
        status: 409,
      });
    }
  }
}
