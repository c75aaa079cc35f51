import { DateTime } from 'luxon';
import type { StoreReach } from '../../http/contract/groups';
import type { DomainDeps } from '../deps';
import { type Actor, relationScopeSql } from '../access/actor';
import { badRequest } from '../../errors';
import { getCorpSettings } from '../settings/corp-settings';
import { SqlParams } from '../../db';

/** DESIGN.md §2: about 70% of customers reached by group (活动/生日营销), 30% one-to-one (送券, 服务, 关怀). */
export const DEFAULT_REACH_PLAN = { byGroup: 0.7, oneToOne: 0.3 };

/**
 * The month's reach per store against the plan, in one query over all stores. A month is a calendar month in
 * the corp's time zone. Completing a group follow-up records a FOLLOW_UP_DONE interaction too; that one counts
 * for the group, not as one-to-one.
 */
export async function computeReachPlan(
  { db, pool }: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  input: { month: string; plan?: { byGroup: number; oneToOne: number } },
): Promise<{ month: string; plan: { byGroup: number; oneToOne: number }; stores: StoreReach[] }> {
  const plan = input.plan ?? DEFAULT_REACH_PLAN;
  const settings = await getCorpSettings({ db });
  const start = DateTime.fromFormat(input.month, 'yyyy-MM', { zone: settings.timezone });
  if (!start.isValid) throw badRequest('invalid_month', `month: expected YYYY-MM, got ${input.month}`);
  const params = new SqlParams();
  const scope = relationScopeSql(actor, params);
  const from = params.add(start.toJSDate(), 'timestamptz');
  const to = params.add(start.plus({ months: 1 }).toJSDate(), 'timestamptz');
  const { rows } = await pool.query<{
    store_id: string;
    store_name: string;
    customers: string;
    by_group: string;
    one_to_one: string;
  }>(
    `WITH rel AS (
       SELECT g.store_id, gc.guide_id, gc.customer_id
       FROM guide_customer gc JOIN guide g ON g.id = gc.guide_id
       WHERE gc.status = 'ACTIVE' AND g.store_id IS NOT NULL AND (${scope})
     ), by_group AS (
       SELECT i.guide_id, i.customer_id FROM interaction i
       WHERE i.source = 'MASS_MESSAGE' AND i.occurred_at >= ${from} AND i.occurred_at < ${to}
       UNION
       SELECT f.guide_id, f.customer_id FROM follow_up f
       WHERE f.status = 'DONE' AND f.group_id IS NOT NULL AND f.closed_at >= ${from} AND f.closed_at < ${to}
     ), one_to_one AS (
       SELECT DISTINCT i.guide_id, i.customer_id FROM interaction i
       WHERE i.source <> 'MASS_MESSAGE' AND i.occurred_at >= ${from} AND i.occurred_at < ${to}
         -- A FOLLOW_UP_DONE interaction's external_id is the follow-up's id (looked up by primary key).
         AND NOT CASE WHEN i.source = 'FOLLOW_UP_DONE' AND i.external_id ~* '^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$'
                      THEN EXISTS (SELECT 1 FROM follow_up f
                                   WHERE f.id = i.external_id::uuid AND f.group_id IS NOT NULL)
                      ELSE false END
     )
     SELECT s.id AS store_id, s.name AS store_name,
            count(DISTINCT rel.customer_id) AS customers,
            count(DISTINCT rel.customer_id) FILTER (WHERE bg.guide_id IS NOT NULL) AS by_group,
            count(DISTINCT rel.customer_id) FILTER (WHERE oo.guide_id IS NOT NULL) AS one_to_one
     FROM rel
     JOIN store s ON s.id = rel.store_id
     LEFT JOIN by_group bg ON bg.guide_id = rel.guide_id AND bg.customer_id = rel.customer_id
     LEFT JOIN one_to_one oo ON oo.guide_id = rel.guide_id AND oo.customer_id = rel.customer_id
     GROUP BY s.id, s.name
     ORDER BY s.name, s.id`,
    params.values,
  );
  const share = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 10_000) / 10_000);
  const stores = rows.map((r) => {
    const customers = Number(r.customers);
    const byGroupShare = share(Number(r.by_group), customers);
    const oneToOneShare = share(Number(r.one_to_one), customers);
    return {
      storeId: r.store_id,
      storeName: r.store_name,
      customers,
      reachedByGroup: Number(r.by_group),
      reachedOneToOne: Number(r.one_to_one),
      byGroupShare,
      oneToOneShare,
      byGroupGap: Math.round((byGroupShare - plan.byGroup) * 10_000) / 10_000,
      oneToOneGap: Math.round((oneToOneShare - plan.oneToOne) * 10_000) / 10_000,
    };
  });
  return { month: input.month, plan, stores };
}
