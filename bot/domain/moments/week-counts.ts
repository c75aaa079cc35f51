import type { PoolClient } from 'pg';
import { inTransaction, SqlParams } from '../../db';
import type { DomainDeps } from '../deps';
import type { MomentsPlan } from './moments-plan';

/**
 * The audit's counts per guide-week (moment_guide_week), kept beside the posts so that reading a week, or twelve,
 * costs a read of one row a guide rather than a count over every post (bench/moments-scoring.ts).
 *
 * The counts depend on the posts and on a basis: the zone that draws days and weeks, and the best windows. A
 * week is counted whole the first time it is read on a basis (countWeekIfStale); from then on every write to a
 * post recounts just its guide-week (recountPosts). Both take the week's advisory lock and read posts committed
 * before they began, so neither can leave a count older than the posts: whichever runs second counts last.
 */

export interface CountBasis {
  timezone: string;
  bestWindows: MomentsPlan['bestWindows'];
}

const basisKey = (b: CountBasis) => JSON.stringify([b.timezone, b.bestWindows.map((w) => [w.start, w.end])]);

/** Counts the week (its Monday, yyyy-mm-dd) for every guide unless it was counted on this basis already. */
export async function countWeekIfStale(
  deps: Pick<DomainDeps, 'pool'>,
  weekStart: string,
  basis: CountBasis,
): Promise<void> {
  const key = basisKey(basis);
  const current = async (c: Pick<PoolClient, 'query'>) =>
    (
      await c.query<{ basis: string }>('SELECT basis FROM moment_week_basis WHERE week_start = $1::date', [
        weekStart,
      ])
    ).rows[0]?.basis === key;
  if (await current(deps.pool)) return;
  await inTransaction(deps.pool, async (client) => {
    await lockWeeks(client, [weekStart]);
    if (await current(client)) return; // counted while this waited for the lock
    await client.query('DELETE FROM moment_guide_week WHERE week_start = $1::date', [weekStart]);
    const p = new SqlParams();
    const zone = p.add(basis.timezone);
    const monday = p.add(weekStart, 'date');
    await client.query(
      insertCountsSql(
        basis,
        p,
        zone,
        `moment_post m WHERE m.posted_at >= (${monday}::timestamp AT TIME ZONE ${zone})
         AND m.posted_at < ((${monday} + 7)::timestamp AT TIME ZONE ${zone})`,
      ),
      p.values,
    );
    await client.query(
      `INSERT INTO moment_week_basis (week_start, basis, counted_at) VALUES ($1::date, $2, now())
       ON CONFLICT (week_start) DO UPDATE SET basis = excluded.basis, counted_at = excluded.counted_at`,
      [weekStart, key],
    );
  });
}

/**
 * Recounts the guide-weeks of these posts (by moment id) after they were written: stored, deleted, corrected.
 * A week not yet counted on this basis is left to countWeekIfStale, which counts it whole when it is read.
 */
export async function recountPosts(
  deps: Pick<DomainDeps, 'pool'>,
  momentIds: readonly string[],
  basis: CountBasis,
): Promise<void> {
  if (momentIds.length === 0) return;
  const key = basisKey(basis);
  const { rows: pairs } = await deps.pool.query<{ guide_id: string; week_start: string }>(
    `SELECT DISTINCT m.guide_id, to_char(date_trunc('week', m.posted_at AT TIME ZONE $2), 'YYYY-MM-DD') AS week_start
     FROM moment_post m WHERE m.moment_id = ANY($1::text[]) AND m.guide_id IS NOT NULL`,
    [momentIds, basis.timezone],
  );
  if (pairs.length === 0) return;
  const weeks = [...new Set(pairs.map((r) => r.week_start))].sort();
  await inTransaction(deps.pool, async (client) => {
    await lockWeeks(client, weeks);
    const { rows } = await client.query<{ week_start: string }>(
      `SELECT to_char(week_start, 'YYYY-MM-DD') AS week_start FROM moment_week_basis
       WHERE week_start = ANY($1::date[]) AND basis = $2`,
      [weeks, key],
    );
    const counted = new Set(rows.map((r) => r.week_start));
    const due = pairs.filter((r) => counted.has(r.week_start));
    if (due.length === 0) return;
    const p = new SqlParams();
    const list = p.add(JSON.stringify(due), 'jsonb');
    await client.query(
      `DELETE FROM moment_guide_week c USING jsonb_to_recordset(${list}) AS x(guide_id uuid, week_start date)
       WHERE c.guide_id = x.guide_id AND c.week_start = x.week_start`,
      p.values,
    );
    const zone = p.add(basis.timezone);
    // Each guide-week's posts through the (guide_id, posted_at) index.
    await client.query(
      insertCountsSql(
        basis,
        p,
        zone,
        `jsonb_to_recordset(${list}) AS x(guide_id uuid, week_start date)
         JOIN moment_post m ON m.guide_id = x.guide_id
           AND m.posted_at >= (x.week_start::timestamp AT TIME ZONE ${zone})
           AND m.posted_at < ((x.week_start + 7)::timestamp AT TIME ZONE ${zone})
         WHERE TRUE`,
      ),
      p.values,
    );
  });
}

/** Week locks in one order (the weeks sorted), so two writers over the same weeks cannot deadlock. */
async function lockWeeks(client: PoolClient, weeks: readonly string[]): Promise<void> {
  for (const week of [...weeks].sort()) {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('moment_guide_week:' || $1))`, [week]);
  }
}

/**
 * Counts the live posts that `from` picks (a FROM … WHERE … over `m`), per guide and local week, into
 * moment_guide_week: the
 * rules' counts (score-guide-week.ts countWeek), a post's local second against the windows, both ends inside.
 * Per guide-day first, then per week: no count(DISTINCT …), which would sort every post.
 */
function insertCountsSql(basis: CountBasis, p: SqlParams, zone: string, from: string): string {
  return `
    WITH posts AS (
      SELECT m.guide_id, date_trunc('second', m.posted_at AT TIME ZONE ${zone}) AS local,
        coalesce(m.corrected_kind, m.kind) AS kind,
        cardinality(m.products) > 1 OR coalesce(m.corrected_reads_like_ad, m.reads_like_ad) AS flagged
      FROM ${from} AND m.guide_id IS NOT NULL AND m.deleted_at IS NULL
    ),
    days AS (
      SELECT guide_id, local::date AS day, count(*) AS posts,
        bool_or(kind = 'product') AS product, bool_or(kind = 'life') AS life,
        count(*) FILTER (WHERE ${inWindowsSql(basis.bestWindows, p)}) AS best,
        count(*) FILTER (WHERE kind = 'brand') AS brand, count(*) FILTER (WHERE flagged) AS flagged
      FROM posts GROUP BY guide_id, local::date
    )
    INSERT INTO moment_guide_week (week_start, guide_id, posts, posting_days, product_days, life_days,
      best_window_posts, brand_posts, flagged_posts)
    SELECT date_trunc('week', day::timestamp)::date, guide_id, sum(posts), count(*), count(*) FILTER (WHERE product),
      count(*) FILTER (WHERE life), sum(best), sum(brand), sum(flagged)
    FROM days GROUP BY date_trunc('week', day::timestamp)::date, guide_id`;
}

/** A post's local time (`local`, whole seconds) in one of the windows, both ends inside. */
function inWindowsSql(windows: CountBasis['bestWindows'], p: SqlParams): string {
  if (windows.length === 0) return 'FALSE';
  // 24:00 is the end of the day: every time of day is at or before it.
  const end = (clock: string) => (clock === '24:00' ? `'24:00:00'::time` : p.add(`${clock}:00`, 'time'));
  return windows
    .map((w) => `(local::time >= ${p.add(`${w.start}:00`, 'time')} AND local::time <= ${end(w.end)})`)
    .join(' OR ');
}
