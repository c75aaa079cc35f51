import type { Pool } from 'pg';
import { SqlParams } from '../../db';
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
 * Adds and removes corp tags on one guide–customer relation. Our database changes at once, in one statement,
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
  await assertEditable(pool, actor, relationId, add, remove);
  // One statement (its own transaction): the sidebar waits for this, so round trips count (bench/tags.ts).
  const { rows } = await pool.query<{ id: string }>(
    `WITH added AS (
       INSERT INTO relation_tag (relation_id, tag_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING tag_id
     ),
     removed AS (
       DELETE FROM relation_tag WHERE relation_id = $1 AND tag_id = ANY($3::uuid[]) RETURNING tag_id
     ),
     changed AS (
       SELECT tag_id, 'ADD'::tag_op AS op FROM added UNION ALL SELECT tag_id, 'REMOVE'::tag_op FROM removed
     ),
     superseded AS (
       UPDATE tag_change SET status = 'SUPERSEDED', updated_at = now()
       WHERE relation_id = $1 AND status = 'PENDING' AND tag_id IN (SELECT tag_id FROM changed)
     )
     INSERT INTO tag_change (id, relation_id, tag_id, op, source, updated_at)
     SELECT gen_random_uuid(), $1, tag_id, op, $4, now() FROM changed RETURNING id`,
    [relationId, add, remove, edit.source],
  );
  return { relationId, changeIds: rows.map((r) => r.id) };
}

/** The relation is the actor's and (for additions) still connected; every added tag is a live corp tag. */
async function assertEditable(
  pool: Pool,
  actor: Actor,
  relationId: string,
  add: string[],
  remove: string[],
): Promise<void> {
  const params = new SqlParams();
  const [relation$, add$, remove$] = [
    params.add(relationId, 'uuid'),
    params.add(add, 'uuid[]'),
    params.add(remove, 'uuid[]'),
  ];
  const scope = relationScopeSql(actor, params);
  const { rows } = await pool.query<{
    status: string;
    tags: { id: string; name: string; strategy_id: number | null; deleted: boolean }[] | null;
  }>(
    `SELECT gc.status,
            (SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'strategy_id', t.strategy_id,
                                               'deleted', t.deleted_at IS NOT NULL))
             FROM tag t WHERE t.id = ANY(${add$}) OR t.id = ANY(${remove$})) AS tags
     FROM guide_customer gc WHERE gc.id = ${relation$} AND ${scope}`,
    params.values,
  );
  const relation = rows[0];
  if (!relation) throw notFound('relation_not_found', `no customer relation ${relationId}`);
  if (relation.status !== 'ACTIVE' && add.length > 0) {
    throw new AppError('relation_inactive', 'the customer and the guide are no longer connected', {
      status: 409,
    });
  }
  const byId = new Map((relation.tags ?? []).map((t) => [t.id, t]));
  // Rule-group tags are WeCom's rules' to set and to take off.
  for (const id of remove) {
    const tag = byId.get(id);
    if (tag && tag.strategy_id !== null) {
      throw new AppError('tag_not_editable', `标签「${tag.name}」属于规则组，只能在企业微信管理后台设置`, {
        status: 409,
      });
    }
  }
  for (const id of add) {
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
