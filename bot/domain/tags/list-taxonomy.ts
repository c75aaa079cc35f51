import type { TaxonomyGroup } from '../../http/contract/tags';
import type { DomainDeps } from '../deps';

/** The live tag taxonomy in WeCom's order (larger `order` first), each group and tag saying if we may edit it. */
export async function listTaxonomy({ pool }: Pick<DomainDeps, 'pool'>): Promise<TaxonomyGroup[]> {
  const { rows } = await pool.query<{
    group_id: string;
    wecom_group_id: string;
    group_name: string;
    group_order: string;
    strategy_id: number | null;
    group_ours: boolean;
    tag_id: string | null;
    wecom_tag_id: string | null;
    tag_name: string | null;
    tag_order: string | null;
    tag_ours: boolean | null;
  }>(
    `SELECT g.id AS group_id, g.wecom_group_id, g.name AS group_name, g."order" AS group_order, g.strategy_id,
            g.created_by_app AS group_ours, t.id AS tag_id, t.wecom_tag_id, t.name AS tag_name,
            t."order" AS tag_order, t.created_by_app AS tag_ours
     FROM tag_group g LEFT JOIN tag t ON t.group_id = g.id AND t.deleted_at IS NULL
     WHERE g.deleted_at IS NULL
     ORDER BY g.strategy_id NULLS FIRST, g."order" DESC, g.name, t."order" DESC, t.name`,
  );
  const groups = new Map<string, TaxonomyGroup>();
  for (const r of rows) {
    let group = groups.get(r.group_id);
    if (!group) {
      group = {
        id: r.group_id,
        wecomGroupId: r.wecom_group_id,
        name: r.group_name,
        order: Number(r.group_order),
        kind: r.strategy_id === null ? 'corp' : 'rule_group',
        strategyId: r.strategy_id,
        canEdit: r.group_ours && r.strategy_id === null,
        tags: [],
      };
      groups.set(r.group_id, group);
    }
    if (r.tag_id && r.wecom_tag_id && r.tag_name !== null) {
      group.tags.push({
        id: r.tag_id,
        wecomTagId: r.wecom_tag_id,
        name: r.tag_name,
        order: Number(r.tag_order ?? 0),
        canEdit: Boolean(r.tag_ours) && r.strategy_id === null,
      });
    }
  }
  return [...groups.values()];
}
