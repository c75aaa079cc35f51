import type { Pool } from 'pg';
import type { Logger } from '../../logger';
import type { CorpSettings, LifecycleStage } from '../../generated/prisma/client';
import type { WecomClient } from '../../wecom/client';
import { OPERATIONS_GROUP, PURCHASE_GROUP } from '../tags/default-taxonomy';
import { ensureNamedTags } from '../tags/ensure-named-tags';
import { setExclusiveTags } from '../tags/set-exclusive-tags';
import { LIFECYCLE_STAGES, stageSql } from './lifecycle-stage';
import {
  DEFAULT_AOV_BANDS,
  DEFAULT_SPEND_BANDS,
  bandFor,
  bandsFrom,
  preferenceTagName,
} from './purchase-bands';

interface Figures {
  order_count: number;
  spend_cents: string;
  preferred_category: string | null;
  stage: LifecycleStage | null;
}

/**
 * After a purchase: the customer's order figures from all their orders (count, spend, last purchase, the category
 * bought most, by quantity), their lifecycle stage (a purchase starts the clock again), and the 购买标签 and stage
 * tags that follow from them on every active relation. Only tags that change are queued for WeCom. Returns the
 * relations with tag changes to push.
 */
export async function refreshCustomerPurchases(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  settings: Pick<CorpSettings, 'timezone' | 'spendBands' | 'aovBands'>,
  customerId: string,
  now = new Date(),
): Promise<string[]> {
  // Read first, store last: if the tag work fails (WeCom down past the job's retries), the stored order count
  // still lags the orders, and the daily sweep's catch-up finds this customer again.
  const { rows } = await deps.pool.query<Figures & { last_at: Date | null }>(
    `WITH o AS (
       SELECT count(*)::int AS n, coalesce(sum(amount_cents), 0) AS spend, max(purchased_at) AS last_at
       FROM "order" WHERE customer_id = $1
     ),
     cat AS (
       SELECT item->>'category' AS category, sum(coalesce((item->>'quantity')::int, 1)) AS qty
       FROM "order", jsonb_array_elements(items) AS item
       WHERE customer_id = $1 AND coalesce(item->>'category', '') <> ''
       GROUP BY 1 ORDER BY qty DESC, category LIMIT 1
     )
     SELECT o.n AS order_count, o.spend::text AS spend_cents, o.last_at, (SELECT category FROM cat) AS preferred_category,
            ${stageSql('greatest(c.joined_at, o.last_at)', '$2::timestamptz', '$3::text')} AS stage
     FROM customer c, o WHERE c.id = $1`,
    [customerId, now, settings.timezone],
  );
  const figures = rows[0];
  if (!figures || figures.order_count === 0) return [];
  const spend = Number(figures.spend_cents);
  const spendBands = bandsFrom(settings.spendBands, DEFAULT_SPEND_BANDS);
  const aovBands = bandsFrom(settings.aovBands, DEFAULT_AOV_BANDS);
  const families: Array<{ group: string; names: string[]; wanted: string | null }> = [
    { group: PURCHASE_GROUP, names: spendBands.map((b) => b.name), wanted: bandFor(spendBands, spend) },
    {
      group: PURCHASE_GROUP,
      names: aovBands.map((b) => b.name),
      wanted: bandFor(aovBands, Math.round(spend / figures.order_count)),
    },
    {
      group: OPERATIONS_GROUP,
      names: LIFECYCLE_STAGES.map((s) => s.tag),
      wanted: LIFECYCLE_STAGES.find((s) => s.stage === figures.stage)?.tag ?? null,
    },
  ];
  const relations = new Set<string>();
  for (const family of families) {
    const ids = await ensureNamedTags(deps, family.group, family.names);
    const changed = await setExclusiveTags(
      deps.pool,
      [...ids.values()],
      [{ customerId, tagId: family.wanted ? (ids.get(family.wanted) ?? null) : null }],
      'purchase',
    );
    changed.forEach((r) => relations.add(r));
  }
  for (const r of await setPreference(deps, customerId, figures.preferred_category)) relations.add(r);
  await deps.pool.query(
    `UPDATE customer SET order_count = $2, spend_cents = $3, last_purchase_at = $4, preferred_category = $5,
       lifecycle_changed_at = CASE WHEN lifecycle_stage IS DISTINCT FROM $6::lifecycle_stage
                                   THEN $7 ELSE lifecycle_changed_at END,
       lifecycle_stage = $6::lifecycle_stage, updated_at = now()
     WHERE id = $1`,
    [
      customerId,
      figures.order_count,
      figures.spend_cents,
      figures.last_at,
      figures.preferred_category,
      figures.stage,
      now,
    ],
  );
  return [...relations];
}

/** One 偏好<category> tag: categories are open-ended, so the family is every preference tag the corp has. */
async function setPreference(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  customerId: string,
  category: string | null,
): Promise<string[]> {
  const wanted = category ? preferenceTagName(category) : null;
  const ids = wanted ? await ensureNamedTags(deps, PURCHASE_GROUP, [wanted]) : new Map<string, string>();
  const { rows } = await deps.pool.query<{ id: string }>(
    `SELECT t.id FROM tag t JOIN tag_group g ON g.id = t.group_id
     WHERE g.name = $1 AND t.name LIKE '偏好%' AND t.deleted_at IS NULL`,
    [PURCHASE_GROUP],
  );
  return setExclusiveTags(
    deps.pool,
    rows.map((r) => r.id),
    [{ customerId, tagId: wanted ? (ids.get(wanted) ?? null) : null }],
    'purchase',
  );
}
