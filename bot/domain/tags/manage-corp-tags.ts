import type { Pool } from 'pg';
import { inTransaction } from '../../db';
import { AppError, notFound } from '../../errors';
import type { Logger } from '../../logger';
import type { WecomClient } from '../../wecom/client';
import { delCorpTag, editCorpTag } from '../../wecom/api/corp-tags';
import { type Actor, assertHq } from '../access/actor';
import { addAppTags, assertTagNames } from './add-app-tags';
import { healTagMirror } from './heal-tag-mirror';
import { forgetDeletedTags } from './sync-corp-tags';

type Deps = { pool: Pool; wecom: WecomClient; logger: Logger };
type Target = { kind: 'tag' | 'group'; id: string };

/**
 * Creates tags in WeCom (a new group by name, or into an existing group) and mirrors them at once: API-made
 * changes produce no callback. HQ only: the taxonomy is the corp's. WeCom and our mirror agree even when the
 * write after the call fails (see addAppTags).
 */
export async function createCorpTags(
  deps: Deps,
  actor: Actor,
  input: { groupId?: string; groupName?: string; tags: string[] },
): Promise<{ groupId: string; tagIds: string[] }> {
  assertHq(actor, 'change the tag taxonomy');
  let wecomGroupId: string | undefined;
  if (input.groupId) {
    const group = await findGroup(deps.pool, input.groupId);
    if (group.strategy_id !== null) throw notEditable('规则组标签只能在企业微信管理后台维护');
    wecomGroupId = group.wecom_group_id;
  }
  const added = await addAppTags(deps, {
    groupId: wecomGroupId,
    groupName: input.groupName,
    tags: input.tags.map((name) => ({ name })),
  });
  return { groupId: added.groupId, tagIds: [...added.tagIds.values()] };
}

/**
 * Renames or reorders a tag or a group our app created (WeCom refuses others'). If our write fails after WeCom
 * took the edit, a tag sync mirrors it at once; a name even the sync cannot store is put back in WeCom.
 */
export async function editCorpTagOrGroup(
  deps: Deps,
  actor: Actor,
  target: Target,
  change: { name?: string; order?: number },
): Promise<void> {
  assertHq(actor, 'change the tag taxonomy');
  if (change.name !== undefined) assertTagNames([change.name]);
  const row = await findEditable(deps.pool, target);
  await editCorpTag(deps.wecom, { id: row.wecomId, ...change });
  const table = target.kind === 'tag' ? 'tag' : 'tag_group';
  try {
    await deps.pool.query(
      `UPDATE ${table} SET name = coalesce($2, name), "order" = coalesce($3, "order"), updated_at = now()
       WHERE id = $1`,
      [target.id, change.name ?? null, change.order ?? null],
    );
  } catch (writeError) {
    const context = { wecomId: row.wecomId, kind: target.kind };
    deps.logger.warn(
      { err: writeError, ...context },
      'edit_corp_tag done but not stored; mirroring WeCom now',
    );
    if (!(await healTagMirror(deps, context))) throw writeError;
    // The mirror may no longer have it (deleted in the console meanwhile): the caller must still learn why
    // their edit failed, not see a 404 for a tag they just named.
    const now = await findEditable(deps.pool, target).catch(() => {
      throw writeError;
    });
    const isMirrored =
      (change.name === undefined || now.name === change.name) &&
      (change.order === undefined || now.order === change.order);
    if (isMirrored) return;
    // PostgreSQL keeps refusing the edit: put WeCom back as our row has it.
    await editCorpTag(deps.wecom, { id: row.wecomId, name: now.name, order: now.order }).catch(
      (error: unknown) => deps.logger.error({ err: error, ...context }, 'could not put a tag edit back'),
    );
    throw writeError;
  }
}

/**
 * Deletes a tag or a group our app created, in WeCom and here (links go; pending changes to it fail). If our
 * write fails after WeCom deleted it, a tag sync mirrors the deletion at once.
 */
export async function deleteCorpTagOrGroup(deps: Deps, actor: Actor, target: Target): Promise<void> {
  assertHq(actor, 'change the tag taxonomy');
  const row = await findEditable(deps.pool, target);
  await delCorpTag(
    deps.wecom,
    target.kind === 'tag' ? { tagIds: [row.wecomId] } : { groupIds: [row.wecomId] },
  );
  try {
    await inTransaction(deps.pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `UPDATE tag SET deleted_at = now(), updated_at = now()
         WHERE deleted_at IS NULL AND ${target.kind === 'tag' ? 'id' : 'group_id'} = $1 RETURNING id`,
        [target.id],
      );
      const deleted = rows.map((r) => r.id);
      if (deleted.length > 0) await forgetDeletedTags(client, deleted);
      // A group whose tags are all deleted disappears in WeCom (API.md §3.4).
      await client.query(
        `UPDATE tag_group g SET deleted_at = now(), updated_at = now()
         WHERE g.deleted_at IS NULL AND g.id = $1
           AND NOT EXISTS (SELECT 1 FROM tag t WHERE t.group_id = g.id AND t.deleted_at IS NULL)`,
        [row.groupId],
      );
    });
  } catch (writeError) {
    const context = { wecomId: row.wecomId, kind: target.kind };
    deps.logger.warn(
      { err: writeError, ...context },
      'del_corp_tag done but not stored; mirroring WeCom now',
    );
    if ((await healTagMirror(deps, context)) && (await isDeleted(deps.pool, target))) return;
    throw writeError;
  }
}

const notEditable = (message: string) => new AppError('tag_not_editable', message, { status: 409 });

async function findGroup(pool: Pool, id: string) {
  const { rows } = await pool.query<{ wecom_group_id: string; strategy_id: number | null }>(
    'SELECT wecom_group_id, strategy_id FROM tag_group WHERE id = $1::uuid AND deleted_at IS NULL',
    [id],
  );
  if (!rows[0]) throw notFound('tag_group_not_found', `no tag group ${id}`);
  return rows[0];
}

async function findEditable(pool: Pool, target: Target) {
  const { rows } = await pool.query<{
    wecom_id: string;
    group_id: string;
    name: string;
    order: number;
    ours: boolean;
    strategy_id: number | null;
  }>(
    target.kind === 'tag'
      ? `SELECT wecom_tag_id AS wecom_id, group_id, name, "order"::float8 AS "order", created_by_app AS ours,
           strategy_id
         FROM tag WHERE id = $1::uuid AND deleted_at IS NULL`
      : `SELECT wecom_group_id AS wecom_id, id AS group_id, name, "order"::float8 AS "order",
           created_by_app AS ours, strategy_id
         FROM tag_group WHERE id = $1::uuid AND deleted_at IS NULL`,
    [target.id],
  );
  const row = rows[0];
  if (!row) throw notFound(`${target.kind}_not_found`, `no ${target.kind} ${target.id}`);
  if (row.strategy_id !== null) throw notEditable('规则组标签只能在企业微信管理后台维护');
  if (!row.ours) throw notEditable('该标签不是本应用创建的，企业微信只允许创建它的应用修改或删除');
  return { wecomId: row.wecom_id, groupId: row.group_id, name: row.name, order: row.order };
}

async function isDeleted(pool: Pool, target: Target): Promise<boolean> {
  const { rows } = await pool.query(
    `SELECT 1 FROM ${target.kind === 'tag' ? 'tag' : 'tag_group'} WHERE id = $1::uuid AND deleted_at IS NOT NULL`,
    [target.id],
  );
  return rows.length > 0;
}
