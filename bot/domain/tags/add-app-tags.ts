import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../../db';
import { badRequest } from '../../errors';
import type { Logger } from '../../logger';
import type { WecomClient } from '../../wecom/client';
import { addCorpTag, delCorpTag, type WecomTagGroup } from '../../wecom/api/corp-tags';
import { isWecomError } from '../../wecom/errors';
import { assertStorable, charLength } from '../validation/storable-text';
import { healTagMirror } from './heal-tag-mirror';
import { recordAppTags } from './record-app-tags';
import { dropIntent, recordTagIntent } from './tag-intents';

type Deps = { pool: Pool; wecom: WecomClient; logger: Logger };

export interface AppTagsInput {
  /** WeCom's id of the group to add into; else `groupName` names (and if need be creates) the group. */
  groupId?: string;
  groupName?: string;
  order?: number;
  tags: { name: string; order?: number }[];
}

export interface AddedAppTags {
  /** Our tag_group id. */
  groupId: string;
  /** Our tag ids, keyed by WeCom tag id. */
  tagIds: Map<string, string>;
}

/** WeCom: tag and group names at most 30 characters (API.md §3.4). */
const MAX_NAME_CHARS = 30;

/**
 * add_corp_tag, made so that WeCom and our mirror never disagree. Names are checked first, as WeCom and
 * PostgreSQL will take them; the intent is written before the call (a sync that meets the tags later knows
 * they are ours, even if this process dies); the tags are stored with the intent's removal in one transaction.
 * If that write fails, a tag sync at once mirrors what WeCom now has, and any of the new tags even the sync
 * cannot store is deleted in WeCom again (they are ours), so neither side has a tag the other lacks.
 */
export async function addAppTags(deps: Deps, input: AppTagsInput): Promise<AddedAppTags> {
  assertTagNames([...(input.groupId ? [] : [input.groupName ?? '']), ...input.tags.map((t) => t.name)]);
  const isNewGroup = !input.groupId && !(await hasLiveCorpGroup(deps.pool, input.groupName ?? ''));
  const intentId = await recordTagIntent(deps.pool, {
    ...(input.groupId ? { groupWecomId: input.groupId } : { groupName: input.groupName }),
    names: [...new Set(input.tags.map((t) => t.name))],
    isNewGroup,
  });
  let made: WecomTagGroup;
  try {
    made = await addCorpTag(deps.wecom, input);
  } catch (error) {
    // WeCom answered no: nothing was made. A transport failure (errcode 0) may have made it: the intent stays,
    // and the sync settles it.
    if (isWecomError(error) && error.errcode !== 0) {
      await dropIntent(deps.pool, intentId).catch((e: unknown) =>
        deps.logger.warn({ err: e, intentId }, 'could not drop a tag intent; the sync will expire it'),
      );
    }
    throw error;
  }
  try {
    return await inTransaction(deps.pool, async (client) => {
      const tagIds = await recordAppTags(client, made);
      await dropIntent(client, intentId);
      const groupId = await ourGroupId(client, made.group_id);
      if (!groupId) throw new Error(`tag group ${made.group_id} not stored`);
      return { groupId, tagIds };
    });
  } catch (writeError) {
    return healAddedTags(deps, made, isNewGroup, writeError);
  }
}

/** Refuses (400) names WeCom or PostgreSQL would not take as they are, before anything is sent. */
export function assertTagNames(names: string[]): void {
  assertStorable({ name: names });
  const bad = names.find((n) => n.trim() === '' || charLength(n) > MAX_NAME_CHARS);
  if (bad !== undefined) throw badRequest('invalid_request', `标签名须为 1-${MAX_NAME_CHARS} 个字符：${bad}`);
}

async function healAddedTags(
  deps: Deps,
  made: WecomTagGroup,
  isNewGroup: boolean,
  writeError: unknown,
): Promise<AddedAppTags> {
  const wecomTagIds = (made.tag ?? []).map((t) => t.id);
  const context = { wecomGroupId: made.group_id, wecomTagIds };
  deps.logger.warn({ err: writeError, ...context }, 'add_corp_tag done but not stored; mirroring WeCom now');
  if (!(await healTagMirror(deps, context))) throw writeError;
  // We know these are ours whatever the sync could match to the intent.
  await deps.pool.query(
    'UPDATE tag SET created_by_app = true, updated_at = now() WHERE wecom_tag_id = ANY($1::text[])',
    [wecomTagIds],
  );
  if (isNewGroup) {
    await deps.pool.query(
      'UPDATE tag_group SET created_by_app = true, updated_at = now() WHERE wecom_group_id = $1',
      [made.group_id],
    );
  }
  const { rows } = await deps.pool.query<{ id: string; wecom_tag_id: string }>(
    'SELECT id, wecom_tag_id FROM tag WHERE wecom_tag_id = ANY($1::text[]) AND deleted_at IS NULL',
    [wecomTagIds],
  );
  const stored = new Map(rows.map((r) => [r.wecom_tag_id, r.id]));
  const groupId = await ourGroupId(deps.pool, made.group_id);
  const missing = wecomTagIds.filter((id) => !stored.has(id));
  if (groupId && missing.length === 0) {
    deps.logger.info(context, 'tags healed: WeCom and our mirror agree');
    return { groupId, tagIds: stored };
  }
  // PostgreSQL keeps refusing them: take them back, so WeCom has no tag our mirror lacks.
  try {
    await delCorpTag(deps.wecom, { tagIds: missing.length > 0 ? missing : wecomTagIds });
    deps.logger.warn({ ...context, missing }, 'tags our database refused were deleted in WeCom again');
    // A new group emptied by that delete disappears in WeCom: mirror that too.
    await healTagMirror(deps, context);
  } catch (error) {
    deps.logger.error({ err: error, ...context, missing }, 'could not take back tags our database refused');
  }
  throw writeError;
}

async function hasLiveCorpGroup(pool: Pool, name: string): Promise<boolean> {
  const { rows } = await pool.query(
    'SELECT 1 FROM tag_group WHERE name = $1 AND deleted_at IS NULL AND strategy_id IS NULL LIMIT 1',
    [name],
  );
  return rows.length > 0;
}

async function ourGroupId(db: Pool | PoolClient, wecomGroupId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM tag_group WHERE wecom_group_id = $1 AND deleted_at IS NULL',
    [wecomGroupId],
  );
  return rows[0]?.id;
}
