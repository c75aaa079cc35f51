import { DateTime } from 'luxon';
import type { z } from 'zod';
import { SqlParams } from '../../db';
import { notFound } from '../../errors';
import {
  type GuideWeekRow,
  type MomentsTrendQuery,
  type MomentsTrendResponse,
  type MomentsWeekQuery,
  type MomentsWeekResponse,
  WEEK_RULES,
  type WeekSummary,
} from '../../http/contract/moments';
import type { Actor } from '../access/actor';
import { guideRowScopeSql } from '../access/guide-scope';
import type { DomainDeps } from '../deps';
import { getMomentsSettings, type MomentsSettings } from './moments-settings';
import { passedRulesMask, ruleBounds, scoreOf, scoreWeekCounts, type WeekCounts } from './score-guide-week';
import { countWeekIfStale } from './week-counts';
import { weekSpan } from '../schedule/week-span';

type Deps = Pick<DomainDeps, 'db' | 'pool'>;
/** A rule and its bound under the corp's plan. */
export type RuleBound = Pick<GuideWeekRow['rules'][number], 'rule' | 'bound'>;

/**
 * Every active guide in the actor's scope (HQ all, or one store; a store manager their store; a guide themselves)
 * scored for one week from the guide-week counts (week-counts.ts), a manager's corrections applied: the summary
 * and each store over all of them, and a page of guides, lowest scores first.
 */
export async function scoreWeek(
  deps: Deps,
  actor: Actor,
  query: z.output<typeof MomentsWeekQuery>,
  now = new Date(),
): Promise<MomentsWeekResponse> {
  const { settings, week, rows } = await sortedWeek(deps, actor, query, now);
  const byStore = new Map<string | null, Scored[]>();
  for (const row of rows) {
    const key = row.guide.store?.id ?? null;
    const guides = byStore.get(key);
    if (guides) guides.push(row);
    else byStore.set(key, [row]);
  }
  const stores = [...byStore.values()]
    .map((guides) => ({ store: guides[0]!.guide.store, ...summarize(guides) }))
    .sort(
      (a, b) => a.averageScore - b.averageScore || (a.store?.name ?? '').localeCompare(b.store?.name ?? ''),
    );
  const from = (query.page - 1) * query.pageSize;
  const page = rows.slice(from, from + query.pageSize);
  return {
    week,
    plan: settings.plan,
    summary: summarize(rows),
    stores,
    guides: page.map(({ guide, counts }) => ({ guide, ...scoreWeekCounts(counts, settings.plan) })),
    nudgedToday: await nudgedToday(deps, settings.timezone, page, now),
    page: { page: query.page, pageSize: query.pageSize, total: rows.length },
  };
}

/**
 * Every guide of the week table in the actor's scope, lowest score first, with the plan's bound of each rule:
 * the CSV export's sheet (no page, no roll-ups, no nudges).
 */
export async function weekTable(
  deps: Deps,
  actor: Actor,
  query: Pick<z.output<typeof MomentsWeekQuery>, 'week' | 'storeId'>,
  now = new Date(),
): Promise<{ week: MomentsWeekResponse['week']; bounds: RuleBound[]; guides: GuideWeekRow[] }> {
  const { settings, week, rows } = await sortedWeek(deps, actor, query, now);
  const bounds = ruleBounds(settings.plan).map((bound, i) => ({ rule: WEEK_RULES[i]!, bound }));
  return {
    week,
    bounds,
    guides: rows.map(({ guide, counts }) => ({ guide, ...scoreWeekCounts(counts, settings.plan) })),
  };
}

/** The week's scored guides in scope, lowest score first (ties by userid). */
async function sortedWeek(
  deps: Deps,
  actor: Actor,
  query: Pick<z.output<typeof MomentsWeekQuery>, 'week' | 'storeId'>,
  now: Date,
) {
  const settings = await getMomentsSettings(deps);
  const week = weekSpan(query.week, settings.timezone, now);
  const rows = (await scoredWeeks(deps, actor, settings, [week.start], { storeId: query.storeId })).get(
    week.start,
  )!;
  // userids are ASCII: a plain comparison (localeCompare costs tens of ms over 10,000 guides).
  const byUserid = (a: Scored, b: Scored) =>
    a.guide.userid < b.guide.userid ? -1 : a.guide.userid > b.guide.userid ? 1 : 0;
  rows.sort((a, b) => a.score - b.score || byUserid(a, b));
  return { settings, week, rows };
}

/** Which of these guides were nudged today (the corp's day): a second nudge today would be refused. */
async function nudgedToday(deps: Deps, timezone: string, rows: Scored[], now: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const day = DateTime.fromJSDate(now, { zone: timezone }).toISODate()!;
  const { rows: found } = await deps.pool.query<{ userid: string }>(
    `SELECT g.userid FROM moment_nudge n JOIN guide g ON g.id = n.guide_id
     WHERE n.day = $1::date AND g.userid = ANY($2::text[]) ORDER BY g.userid`,
    [day, rows.map((r) => r.guide.userid)],
  );
  return found.map((r) => r.userid);
}

/**
 * The summary of each of the last `weeks` weeks up to the one holding `week`, oldest first: the actor's scope,
 * one store, or one guide (in scope; a guide not in it is a 404 that reveals nothing).
 */
export async function momentsTrend(
  deps: Deps,
  actor: Actor,
  query: z.output<typeof MomentsTrendQuery>,
  now = new Date(),
): Promise<MomentsTrendResponse> {
  const settings = await getMomentsSettings(deps);
  const last = weekSpan(query.week, settings.timezone, now);
  const spans = Array.from({ length: query.weeks }, (_, i) =>
    weekSpan(
      DateTime.fromISO(last.start)
        .minus({ weeks: query.weeks - 1 - i })
        .toISODate()!,
      settings.timezone,
      now,
    ),
  );
  const scored = await scoredWeeks(
    deps,
    actor,
    settings,
    spans.map((s) => s.start),
    { storeId: query.storeId, userid: query.userid },
  );
  if (query.userid && scored.get(last.start)!.length === 0) {
    throw notFound('guide_not_found', `no guide ${query.userid} to show`);
  }
  return {
    plan: settings.plan,
    weeks: spans.map((week) => ({ week, ...summarize(scored.get(week.start)!) })),
  };
}

/** One guide's week, scored (the guide in the actor's scope; null when not). */
export async function guideWeekRow(
  deps: Deps,
  actor: Actor,
  settings: MomentsSettings,
  weekStart: string,
  userid: string,
): Promise<GuideWeekRow | null> {
  const [row] = (await scoredWeeks(deps, actor, settings, [weekStart], { userid })).get(weekStart)!;
  return row ? { guide: row.guide, ...scoreWeekCounts(row.counts, settings.plan) } : null;
}

/** A guide's week as the roll-ups read it: the rules passed as a mask (score-guide-week.ts), not as objects. */
interface Scored {
  guide: GuideWeekRow['guide'];
  counts: WeekCounts;
  mask: number;
  score: number;
}

const ALL_RULES = (1 << WEEK_RULES.length) - 1;

/** Guides' weeks added up. */
function summarize(rows: readonly Scored[]): WeekSummary {
  const total = rows.reduce((sum, r) => sum + r.score, 0);
  return {
    guides: rows.length,
    passed: rows.filter((r) => r.mask === ALL_RULES).length,
    averageScore: rows.length === 0 ? 0 : Math.round((10 * total) / rows.length) / 10,
    posts: rows.reduce((sum, r) => sum + r.counts.posts, 0),
    rules: WEEK_RULES.map((rule, i) => ({ rule, passed: rows.filter((r) => r.mask & (1 << i)).length })),
  };
}

/**
 * Each week's guides in scope, scored from their counts (a guide with no count row posted nothing). Three slim
 * queries joined here rather than one wide one: the week table is read on every desk page, and the wide join
 * (names and store per guide-week, dates formatted in SQL) cost twice as much at 10,000 guides.
 */
async function scoredWeeks(
  deps: Deps,
  actor: Actor,
  settings: MomentsSettings,
  weekStarts: readonly string[],
  filter: { storeId?: string; userid?: string },
): Promise<Map<string, Scored[]>> {
  const basis = { timezone: settings.timezone, bestWindows: settings.plan.bestWindows };
  for (const start of weekStarts) await countWeekIfStale(deps, start, basis);
  const p = new SqlParams();
  const countsQuery = deps.pool.query<{ week: string; guide_id: string } & WeekCounts>(
    `SELECT c.week_start::text AS week, c.guide_id, c.posts, c.posting_days AS "postingDays",
       c.product_days AS "productDays", c.life_days AS "lifeDays", c.best_window_posts AS "bestWindowPosts",
       c.brand_posts AS "brandPosts", c.flagged_posts AS "flaggedPosts"
     FROM moment_guide_week c JOIN guide g ON g.id = c.guide_id
     WHERE c.week_start = ANY(${p.add(weekStarts, 'date[]')}) AND g.is_active AND ${guideRowScopeSql(actor, filter, p)}`,
    p.values,
  );
  const [guides, { rows }] = await Promise.all([guidesInScope(deps, actor, filter), countsQuery]);
  const bounds = ruleBounds(settings.plan);
  const counted = new Map(weekStarts.map((w) => [w, new Map<string, WeekCounts>()]));
  for (const { week, guide_id, ...counts } of rows) counted.get(week)!.set(guide_id, counts);
  return new Map(
    weekStarts.map((w) => {
      const counts = counted.get(w)!;
      return [
        w,
        guides.map(([id, guide]): Scored => {
          const c = counts.get(id) ?? NO_POSTS;
          const mask = passedRulesMask(c, bounds);
          return { guide, counts: c, mask, score: scoreOf(popCount(mask)) };
        }),
      ];
    }),
  );
}

function popCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n += 1;
  return n;
}

const NO_POSTS: WeekCounts = {
  posts: 0,
  postingDays: 0,
  productDays: 0,
  lifeDays: 0,
  bestWindowPosts: 0,
  brandPosts: 0,
  flaggedPosts: 0,
};

/** The active guides in scope, by id, each with their store (one store row per store, not per guide). */
async function guidesInScope(
  deps: Deps,
  actor: Actor,
  filter: { storeId?: string; userid?: string },
): Promise<[string, GuideWeekRow['guide']][]> {
  const p = new SqlParams();
  const { rows } = await deps.pool.query<{
    id: string;
    userid: string;
    name: string;
    store_id: string | null;
  }>(
    `SELECT g.id, g.userid, g.name, g.store_id FROM guide g WHERE g.is_active AND ${guideRowScopeSql(actor, filter, p)}`,
    p.values,
  );
  const storeIds = [...new Set(rows.flatMap((r) => (r.store_id ? [r.store_id] : [])))];
  const { rows: storeRows } = await deps.pool.query<{ id: string; name: string }>(
    'SELECT id, name FROM store WHERE id = ANY($1::uuid[])',
    [storeIds],
  );
  const stores = new Map(storeRows.map((s) => [s.id, s]));
  return rows.map((r) => [
    r.id,
    { userid: r.userid, name: r.name, store: (r.store_id && stores.get(r.store_id)) || null },
  ]);
}
