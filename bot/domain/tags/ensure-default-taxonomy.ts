import type { Pool } from 'pg';
import type { Logger } from '../../logger';
import type { WecomClient } from '../../wecom/client';
import { addAppTags } from './add-app-tags';
import { DEFAULT_TAXONOMY } from './default-taxonomy';

/**
 * Creates in WeCom each default tag group (DESIGN.md §2) that the corp lacks, by name, and records the tags as
 * ours (WeCom lets an app edit only what it created; addAppTags keeps WeCom and the mirror in agreement). A
 * group the corp already has is left alone, even if it has other tags: it is the corp's, and adding into it is a
 * manager's decision. Call after syncCorpTags.
 */
export async function ensureDefaultTaxonomy(deps: {
  pool: Pool;
  wecom: WecomClient;
  logger: Logger;
}): Promise<string[]> {
  const { rows } = await deps.pool.query<{ name: string }>(
    'SELECT name FROM tag_group WHERE deleted_at IS NULL AND strategy_id IS NULL',
  );
  const present = new Set(rows.map((r) => r.name));
  const created: string[] = [];
  for (const [index, { group, tags }] of DEFAULT_TAXONOMY.entries()) {
    if (present.has(group)) continue;
    await addAppTags(deps, {
      groupName: group,
      // Larger sorts first in WeCom: keep the design's order.
      order: DEFAULT_TAXONOMY.length - index,
      tags: tags.map((name, i) => ({ name, order: tags.length - i })),
    });
    created.push(group);
    deps.logger.info({ group, tags: tags.length }, 'created default tag group in WeCom');
  }
  return created;
}
