import { getMomentList, MOMENT_LIST_MAX_WINDOW_SECONDS, type MomentListItem } from '../../wecom/api/moments';
import type { DomainDeps } from '../deps';
import { getCorpSettings } from '../settings/corp-settings';
import { classifyPost } from './classify-post';
import { type MomentsRules, parseMomentsPlan, parseMomentsRules } from './moments-plan';
import { confirmShares } from './confirm-shares';
import { type CountBasis, recountPosts } from './week-counts';

/** The incremental sync reads again from a little before where it stopped: a post WeCom lists late is not missed. */
const OVERLAP_MS = 10 * 60_000;
/** A corp's first sync reads this far back (the audit's current and previous week). */
const FIRST_SYNC_DAYS = 14;
const DAY_MS = 24 * 3600_000;

export interface MomentSyncResult {
  from: Date;
  until: Date;
  calls: number;
  posts: number;
  /** Posts the run found gone from WeCom's list (verify runs only). */
  deleted: number;
}

/**
 * Reads WeCom's Moments list into moment_post (API.md §3.6): every post of every member in the app's visibility,
 * the corp's and their own, in windows of at most 30 days and pages of 20, cursor by cursor, through the client's
 * rate limiter. Incremental: from where the last run stopped (less an overlap) to now. A verify run (`verifyDays`)
 * re-reads that many days and marks the posts it no longer finds as deleted: WeCom sends no event when a member
 * deletes a post, and an incremental run never looks back far enough to notice.
 */
export async function syncMoments(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'wecom'>,
  options: { now?: Date; verifyDays?: number } = {},
): Promise<MomentSyncResult> {
  const until = options.now ?? new Date();
  const settings = await getCorpSettings(deps);
  const rules = parseMomentsRules(settings.momentsRules);
  const basis = {
    timezone: settings.timezone,
    bestWindows: parseMomentsPlan(settings.momentsPlan).bestWindows,
  };
  const from = options.verifyDays
    ? new Date(until.getTime() - options.verifyDays * DAY_MS)
    : new Date(
        (settings.momentsSyncedUntil?.getTime() ?? until.getTime() - FIRST_SYNC_DAYS * DAY_MS) - OVERLAP_MS,
      );
  const seenAt = new Date();
  let calls = 0;
  let posts = 0;
  // The interval is open: a second either side keeps posts at exactly `from` and `until`.
  const startSeconds = Math.floor(from.getTime() / 1000) - 1;
  const endSeconds = Math.floor(until.getTime() / 1000) + 1;
  for (let start = startSeconds; start < endSeconds; start += MOMENT_LIST_MAX_WINDOW_SECONDS) {
    const end = Math.min(start + MOMENT_LIST_MAX_WINDOW_SECONDS, endSeconds);
    let cursor = '';
    do {
      const page = await getMomentList(deps.wecom, { startTime: start, endTime: end, cursor });
      calls += 1;
      posts += await storePosts(deps, page.moment_list, rules, seenAt, basis);
      cursor = page.next_cursor;
    } while (cursor);
    // Windows meet at `end`, which the open interval leaves out of both: the next starts a second before.
    if (end < endSeconds) start -= 1;
  }
  const deleted = options.verifyDays ? await markVanished(deps, from, until, seenAt, basis) : 0;
  if (!options.verifyDays || (settings.momentsSyncedUntil ?? from) < until) {
    await deps.db.corpSettings.update({ where: { id: 1 }, data: { momentsSyncedUntil: until } });
  }
  return { from, until, calls, posts, deleted };
}

/**
 * One page in one statement: new posts inserted, known ones refreshed (and undeleted: WeCom lists them again),
 * each classified afresh by the corp's current rules. A manager's correction lives in its own columns, which this
 * never writes: it stands through every later sync. Their guide-weeks are recounted after.
 */
async function storePosts(
  { pool }: Pick<DomainDeps, 'pool'>,
  items: MomentListItem[],
  rules: MomentsRules,
  seenAt: Date,
  basis: CountBasis,
): Promise<number> {
  if (items.length === 0) return 0;
  const rows = items.map((m) => ({
    ...classified(m.text?.content ?? '', rules),
    moment_id: m.moment_id,
    creator: m.creator,
    create_type: m.create_type,
    visible_type: m.visible_type,
    posted_at: new Date(m.create_time * 1000).toISOString(),
    text: m.text?.content ?? '',
    attachments: {
      ...(m.image ? { image: m.image } : {}),
      ...(m.video ? { video: m.video } : {}),
      ...(m.link ? { link: m.link } : {}),
      ...(m.location ? { location: m.location } : {}),
    },
  }));
  await pool.query(
    `INSERT INTO moment_post AS p (id, moment_id, creator_userid, guide_id, create_type, visible_type, posted_at,
       text, attachments, kind, kind_source, products, ad_signals, reads_like_ad, last_seen_at, updated_at)
     SELECT gen_random_uuid(), x.moment_id, x.creator, g.id, x.create_type, x.visible_type, x.posted_at, x.text,
       x.attachments, x.kind::moment_kind, x.kind_source, ARRAY(SELECT jsonb_array_elements_text(x.products)),
       ARRAY(SELECT jsonb_array_elements_text(x.ad_signals)), x.reads_like_ad, $2, now()
     FROM jsonb_to_recordset($1::jsonb) AS x(moment_id text, creator text, create_type int, visible_type int,
       posted_at timestamptz, text text, attachments jsonb, kind text, kind_source text, products jsonb,
       ad_signals jsonb, reads_like_ad boolean)
     LEFT JOIN guide g ON g.userid = x.creator
     ON CONFLICT (moment_id) DO UPDATE SET text = excluded.text, attachments = excluded.attachments,
       -- A post made from a library item keeps the item's kind; the rest are classified afresh.
       kind = CASE WHEN p.library_item_id IS NULL THEN excluded.kind ELSE p.kind END,
       kind_source = CASE WHEN p.library_item_id IS NULL THEN excluded.kind_source ELSE p.kind_source END,
       products = excluded.products,
       ad_signals = excluded.ad_signals, reads_like_ad = excluded.reads_like_ad,
       guide_id = coalesce(excluded.guide_id, p.guide_id), visible_type = excluded.visible_type,
       last_seen_at = excluded.last_seen_at, deleted_at = NULL, updated_at = now()`,
    [JSON.stringify(rows), seenAt],
  );
  const ids = items.map((m) => m.moment_id);
  await confirmShares({ pool }, ids);
  await recountPosts({ pool }, ids, basis);
  return items.length;
}

/** The row's classification columns by the corp's rules (a post made from a library item: confirmShares). */
function classified(text: string, rules: MomentsRules) {
  const c = classifyPost({ text }, rules);
  return {
    kind: c.kind,
    kind_source: c.source,
    products: c.products,
    ad_signals: c.adSignals,
    reads_like_ad: c.readsLikeAd,
  };
}

/** Posts of the re-read days that this run did not list: deleted in WeCom. */
async function markVanished(
  { pool }: Pick<DomainDeps, 'pool'>,
  from: Date,
  until: Date,
  seenAt: Date,
  basis: CountBasis,
): Promise<number> {
  const { rows } = await pool.query<{ moment_id: string }>(
    `UPDATE moment_post SET deleted_at = now(), updated_at = now()
     WHERE posted_at >= $1 AND posted_at <= $2 AND last_seen_at < $3 AND deleted_at IS NULL
     RETURNING moment_id`,
    [from, until, seenAt],
  );
  await recountPosts(
    { pool },
    rows.map((r) => r.moment_id),
    basis,
  );
  return rows.length;
}
