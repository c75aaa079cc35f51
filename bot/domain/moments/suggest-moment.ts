import { DateTime } from 'luxon';
import { AppError } from '../../errors';
import type { MomentKind } from '../../http/contract/moments';
import type { Actor } from '../access/actor';
import type { DomainDeps } from '../deps';
import { type LibraryRecord, toLibraryRecords } from './library/library-record';
import { getMomentsSettings } from './moments-settings';
import { nextBestWindow } from './post-timing';
import { scoreWeek } from './score-week';

type Deps = Pick<DomainDeps, 'db' | 'pool'>;
/** Items offered at once: the suggestion and its alternatives. */
const OFFERED = 4;

export interface MomentSuggestion {
  week: Awaited<ReturnType<typeof scoreWeek>>['week'];
  progress: Awaited<ReturnType<typeof scoreWeek>>['guides'][number];
  today: { date: string; posted: MomentKind[] };
  kind: MomentKind;
  reason: 'product_days' | 'life_days' | 'week_done';
  needed: number;
  daysLeft: number;
  items: (LibraryRecord & { matchingCustomers: number })[];
  window: { start: Date; end: Date; open: boolean } | null;
  /** This week's shares, newest first, each confirmed once the sync found the post. */
  shares: {
    id: string;
    itemId: string;
    title: string;
    via: string;
    sharedAt: Date;
    confirmedAt: Date | null;
  }[];
}

/**
 * Today's Moments suggestion for a guide (DESIGN.md §2 4+2+2): the kind the week still needs more days of, given
 * what they posted so far (a day that already has a post of that kind is not counted twice, so today's post is of
 * the other kind when one is still needed); items of that kind valid today that they have not posted or shared,
 * those reaching more of their customers by audience tag first; and the best window open now or next.
 */
export async function suggestMoment(deps: Deps, actor: Actor, now = new Date()): Promise<MomentSuggestion> {
  if (actor.kind !== 'guide') {
    throw new AppError('guide_required', 'the Moments suggestion is for a guide', { status: 403 });
  }
  const { plan, timezone } = await getMomentsSettings(deps);
  const local = DateTime.fromJSDate(now, { zone: timezone });
  const today = local.toISODate()!;
  const week = await scoreWeek(deps, actor, { week: today, page: 1, pageSize: 1 }, now);
  const progress = week.guides[0]!;
  const actual = (rule: string) => progress.rules.find((r) => r.rule === rule)?.actual ?? 0;
  const posted = await kindsPostedOn(deps, actor.guideId, today, timezone);
  // A day with a post of a kind already counts for it: another post of that kind today adds no day.
  const need = {
    product: posted.includes('product') ? 0 : Math.max(0, plan.productDays - actual('product_days')),
    life: posted.includes('life') ? 0 : Math.max(0, plan.lifeDays - actual('life_days')),
  };
  const kind: MomentKind = need.life > need.product ? 'life' : 'product';
  const reason = need[kind] > 0 ? (kind === 'product' ? 'product_days' : 'life_days') : 'week_done';
  return {
    week: week.week,
    progress,
    today: { date: today, posted },
    kind,
    reason,
    needed: need[kind],
    daysLeft: 7 - (local.weekday - 1),
    items: await itemsToOffer(deps, actor.guideId, kind, today),
    window: nextBestWindow(now, plan, timezone),
    shares: await weekShares(deps, actor.guideId, week.week.start, timezone),
  };
}

async function kindsPostedOn(
  deps: Deps,
  guideId: string,
  day: string,
  timezone: string,
): Promise<MomentKind[]> {
  const { rows } = await deps.pool.query<{ kind: MomentKind }>(
    `SELECT DISTINCT coalesce(corrected_kind, kind)::text AS kind FROM moment_post
     WHERE guide_id = $1 AND deleted_at IS NULL
       AND posted_at >= ($2::date::timestamp AT TIME ZONE $3) AND posted_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
     ORDER BY 1`,
    [guideId, day, timezone],
  );
  return rows.map((r) => r.kind);
}

/**
 * Current items of the kind the guide has neither posted (a post made from it) nor shared, ranked by how many of
 * the guide's active customers carry one of their audience tags, then newest.
 */
async function itemsToOffer(
  deps: Deps,
  guideId: string,
  kind: MomentKind,
  today: string,
): Promise<(LibraryRecord & { matchingCustomers: number })[]> {
  const { rows } = await deps.pool.query<{ id: string; matching: number }>(
    `SELECT i.id,
       (SELECT count(DISTINCT gc.id)::int FROM guide_customer gc
          JOIN relation_tag rt ON rt.relation_id = gc.id JOIN tag t ON t.id = rt.tag_id
        WHERE gc.guide_id = $1 AND gc.status = 'ACTIVE' AND t.wecom_tag_id = ANY(i.audience_tag_ids)) AS matching
     FROM moment_library_item i
     WHERE i.kind = $2::moment_kind AND i.archived_at IS NULL AND i.valid_from <= $3::date
       AND (i.valid_until IS NULL OR i.valid_until >= $3::date)
       AND NOT EXISTS (SELECT 1 FROM moment_post p WHERE p.library_item_id = i.id AND p.guide_id = $1)
       AND NOT EXISTS (SELECT 1 FROM moment_share s WHERE s.item_id = i.id AND s.guide_id = $1)
     ORDER BY matching DESC, i.created_at DESC, i.id
     LIMIT ${OFFERED}`,
    [guideId, kind, today],
  );
  if (rows.length === 0) return [];
  const items = await deps.db.momentLibraryItem.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
  const records = new Map((await toLibraryRecords(deps, items)).map((r) => [r.id, r]));
  return rows.map((r) => ({ ...records.get(r.id)!, matchingCustomers: r.matching }));
}

async function weekShares(deps: Deps, guideId: string, monday: string, timezone: string) {
  const from = DateTime.fromISO(monday, { zone: timezone }).toJSDate();
  const rows = await deps.db.momentShare.findMany({
    where: { guideId, sharedAt: { gte: from } },
    orderBy: { sharedAt: 'desc' },
    take: 10,
    include: { item: { select: { title: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    itemId: r.itemId,
    title: r.item.title,
    via: r.via,
    sharedAt: r.sharedAt,
    confirmedAt: r.confirmedAt,
  }));
}

/** A guide taps share on an item: recorded, to be confirmed by the sync when the post shows up in WeCom. */
export async function recordMomentShare(
  deps: Deps,
  actor: Actor,
  input: { itemId: string; via: 'client' | 'copy' },
) {
  if (actor.kind !== 'guide')
    throw new AppError('guide_required', 'a guide shares to Moments', { status: 403 });
  const item = await deps.db.momentLibraryItem.findFirst({ where: { id: input.itemId, archivedAt: null } });
  if (!item) throw new AppError('library_item_not_found', `no library item ${input.itemId}`, { status: 404 });
  return deps.db.momentShare.create({ data: { guideId: actor.guideId, itemId: item.id, via: input.via } });
}
