import { DateTime } from 'luxon';
import { SqlParams } from '../../db';
import type { GuideWeekRow, MomentsWeekResponse } from '../../http/contract/moments';
import type { Actor } from '../access/actor';
import type { DomainDeps } from '../deps';
import { type MomentsPlan } from './moments-plan';
import { getMomentsSettings } from './moments-settings';
import { type WeekCounts, scoreWeekCounts } from './score-guide-week';

/**
 * Every active guide in the actor's scope (HQ all, or one store; a store manager their store; a guide themselves)
 * scored for one week from the stored posts, a manager's corrections applied, lowest scores first. One statement
 * counts what the rules read per guide (the same counts as countWeek, in the corp's zone: a post's local second
 * against the windows, both ends inside); the rules then run over the counts.
 */
export async function scoreWeek(
  deps: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  query: { week?: string; storeId?: string },
  now = new Date(),
): Promise<MomentsWeekResponse> {
  const { plan, timezone } = await getMomentsSettings(deps);
  const day = query.week
    ? DateTime.fromISO(query.week, { zone: timezone })
    : DateTime.fromJSDate(now, { zone: timezone });
  const start = day.startOf('week');
  const end = start.plus({ weeks: 1 });
  const p = new SqlParams();
  const zone = p.add(timezone);
  const { rows } = await deps.pool.query<
    { userid: string; name: string; store_id: string | null; store_name: string | null } & Record<
      keyof WeekCounts,
      number
    >
  >(
    `WITH g AS (
       SELECT g.id, g.userid, g.name, s.id AS store_id, s.name AS store_name
       FROM guide g LEFT JOIN store s ON s.id = g.store_id
       WHERE g.is_active AND ${guideScopeSql(actor, query.storeId, p)}
     ),
     posts AS (
       SELECT m.guide_id, date_trunc('second', m.posted_at AT TIME ZONE ${zone}) AS local,
         coalesce(m.corrected_kind, m.kind) AS kind,
         coalesce(cardinality(m.products), 0) > 1 OR coalesce(m.corrected_reads_like_ad, m.reads_like_ad) AS flagged
       FROM moment_post m JOIN g ON g.id = m.guide_id
       WHERE m.posted_at >= ${p.add(start.toJSDate(), 'timestamptz')}
         AND m.posted_at < ${p.add(end.toJSDate(), 'timestamptz')} AND m.deleted_at IS NULL
     ),
     counts AS (
       SELECT guide_id, count(*)::int AS posts,
         count(DISTINCT local::date)::int AS "postingDays",
         (count(DISTINCT local::date) FILTER (WHERE kind = 'product'))::int AS "productDays",
         (count(DISTINCT local::date) FILTER (WHERE kind = 'life'))::int AS "lifeDays",
         (count(*) FILTER (WHERE ${inWindowsSql(plan, p)}))::int AS "bestWindowPosts",
         (count(*) FILTER (WHERE kind = 'brand'))::int AS "brandPosts",
         (count(*) FILTER (WHERE flagged))::int AS "flaggedPosts"
       FROM posts GROUP BY guide_id
     )
     SELECT g.userid, g.name, g.store_id, g.store_name, coalesce(c.posts, 0) AS posts,
       coalesce(c."postingDays", 0) AS "postingDays", coalesce(c."productDays", 0) AS "productDays",
       coalesce(c."lifeDays", 0) AS "lifeDays", coalesce(c."bestWindowPosts", 0) AS "bestWindowPosts",
       coalesce(c."brandPosts", 0) AS "brandPosts", coalesce(c."flaggedPosts", 0) AS "flaggedPosts"
     FROM g LEFT JOIN counts c ON c.guide_id = g.id`,
    p.values,
  );
  const guides: GuideWeekRow[] = rows.map((r) => ({
    guide: {
      userid: r.userid,
      name: r.name,
      store: r.store_id && r.store_name !== null ? { id: r.store_id, name: r.store_name } : null,
    },
    ...scoreWeekCounts(r, plan),
  }));
  guides.sort((a, b) => a.score - b.score || a.guide.userid.localeCompare(b.guide.userid));
  return {
    week: { start: start.toISODate()!, end: end.minus({ days: 1 }).toISODate()!, timezone },
    plan,
    guides,
  };
}

/** A post's local time (`local`, whole seconds) in one of the plan's windows, both ends inside. */
function inWindowsSql(plan: MomentsPlan, p: SqlParams): string {
  if (plan.bestWindows.length === 0) return 'FALSE';
  // 24:00 is the end of the day: every time of day is at or before it.
  const end = (clock: string) => (clock === '24:00' ? `'24:00:00'::time` : p.add(`${clock}:00`, 'time'));
  return plan.bestWindows
    .map((w) => `(local::time >= ${p.add(`${w.start}:00`, 'time')} AND local::time <= ${end(w.end)})`)
    .join(' OR ');
}

/** The guides an actor may see: HQ all or the store asked for, a manager their store, a guide themselves. */
function guideScopeSql(actor: Actor, storeId: string | undefined, p: SqlParams): string {
  switch (actor.kind) {
    case 'hq':
      return storeId ? `g.store_id = ${p.add(storeId, 'uuid')}` : 'TRUE';
    case 'store_manager':
      return `g.store_id = ${p.add(actor.storeId, 'uuid')}`;
    case 'guide':
      return `g.id = ${p.add(actor.guideId, 'uuid')}`;
  }
}
