import { DateTime } from 'luxon';
import type { GuideWeekRow, MomentsWeekResponse } from '../../http/contract/moments';
import type { Actor } from '../access/actor';
import type { DomainDeps } from '../deps';
import { getMomentsSettings } from './moments-settings';
import { postTiming } from './post-timing';
import { type AuditedPost, scoreGuideWeek } from './score-guide-week';

/**
 * Every active guide in the actor's scope (HQ all, or one store; a store manager their store; a guide themselves)
 * scored for one week from the stored posts, a manager's corrections applied: two queries (the guides, the
 * week's posts), then the rules in memory, lowest scores first.
 */
export async function scoreWeek(
  deps: Pick<DomainDeps, 'db'>,
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
  const guides = await deps.db.guide.findMany({
    where: {
      isActive: true,
      ...guidesOf(actor, query.storeId),
    },
    select: { id: true, userid: true, name: true, store: { select: { id: true, name: true } } },
    orderBy: { userid: 'asc' },
  });
  const posts = await deps.db.momentPost.findMany({
    where: {
      guideId: { in: guides.map((g) => g.id) },
      postedAt: { gte: start.toJSDate(), lt: end.toJSDate() },
    },
    select: {
      guideId: true,
      postedAt: true,
      kind: true,
      correctedKind: true,
      products: true,
      readsLikeAd: true,
      correctedReadsLikeAd: true,
      deletedAt: true,
    },
  });
  const byGuide = new Map<string, AuditedPost[]>();
  for (const p of posts) {
    const timing = postTiming(p.postedAt, plan, timezone);
    const audited: AuditedPost = {
      localDate: timing.localDate,
      inBestWindow: timing.inBestWindow,
      kind: p.correctedKind ?? p.kind,
      productCount: p.products.length,
      readsLikeAd: p.correctedReadsLikeAd ?? p.readsLikeAd,
      deleted: p.deletedAt !== null,
    };
    const list = byGuide.get(p.guideId!);
    if (list) list.push(audited);
    else byGuide.set(p.guideId!, [audited]);
  }
  const rows: GuideWeekRow[] = guides.map((g) => ({
    guide: { userid: g.userid, name: g.name, store: g.store },
    ...scoreGuideWeek(byGuide.get(g.id) ?? [], plan),
  }));
  rows.sort((a, b) => a.score - b.score || a.guide.userid.localeCompare(b.guide.userid));
  return {
    week: { start: start.toISODate()!, end: end.minus({ days: 1 }).toISODate()!, timezone },
    plan,
    guides: rows,
  };
}

/** The guides an actor may see (a `guide` where): HQ all or the store asked for, a manager theirs, a guide self. */
function guidesOf(actor: Actor, storeId: string | undefined): { id?: string; storeId?: string } {
  switch (actor.kind) {
    case 'hq':
      return storeId ? { storeId } : {};
    case 'store_manager':
      return { storeId: actor.storeId };
    case 'guide':
      return { id: actor.guideId };
  }
}
