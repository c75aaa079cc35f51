import type { Pool } from 'pg';
import type { Logger } from '../../logger';
import type { WecomClient } from '../../wecom/client';
import { isWecomError } from '../../wecom/errors';
import { addAppTags } from './add-app-tags';
import { syncCorpTags } from './sync-corp-tags';

/**
 * The ids of the named tags in a corp tag group, creating in WeCom those the group lacks (and the group, if the
 * corp has none of that name). Lifecycle stages and purchase bands are tags like any other: the corp may have
 * made some of them itself in the console, and those are used as they are.
 */
export async function ensureNamedTags(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  groupName: string,
  names: string[],
): Promise<Map<string, string>> {
  try {
    return await createMissing(deps, groupName, names);
  } catch (error) {
    // 40071: WeCom has a tag of that name already — made meanwhile by another process or in the console, not
    // yet mirrored. Read WeCom again and use it.
    if (!isWecomError(error, 40071)) throw error;
    deps.logger.info({ groupName }, 'tag exists in WeCom but not in our mirror; syncing');
    await syncCorpTags(deps);
    return createMissing(deps, groupName, names);
  }
}

async function createMissing(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  groupName: string,
  names: string[],
): Promise<Map<string, string>> {
  const found = await findNamedTags(deps.pool, groupName, names);
  const missing = names.filter((n) => !found.has(n));
  if (missing.length === 0) return found;
  const { rows } = await deps.pool.query<{ wecom_group_id: string }>(
    `SELECT wecom_group_id FROM tag_group WHERE name = $1 AND deleted_at IS NULL AND strategy_id IS NULL
     ORDER BY created_at LIMIT 1`,
    [groupName],
  );
  await addAppTags(deps, {
    ...(rows[0] ? { groupId: rows[0].wecom_group_id } : { groupName }),
    tags: missing.map((name) => ({ name })),
  });
  return findNamedTags(deps.pool, groupName, names);
}

async function findNamedTags(pool: Pool, groupName: string, names: string[]): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ id: string; name: string }>(
    `SELECT DISTINCT ON (t.name) t.id, t.name FROM tag t JOIN tag_group g ON g.id = t.group_id
     WHERE g.name = $1 AND g.deleted_at IS NULL AND g.strategy_id IS NULL AND t.deleted_at IS NULL
       AND t.name = ANY($2::text[])
     ORDER BY t.name, t.created_at`,
    [groupName, names],
  );
  return new Map(rows.map((r) => [r.name, r.id]));
}
