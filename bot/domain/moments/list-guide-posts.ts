import { DateTime } from 'luxon';
import type { z } from 'zod';
import { notFound } from '../../errors';
import type { MomentPost } from '../../generated/prisma/client';
import type { GuidePostsQuery, GuideWeekRow, MomentKind, WeekSpan } from '../../http/contract/moments';
import type { Actor } from '../access/actor';
import type { DomainDeps } from '../deps';
import type { MomentsPlan } from './moments-plan';
import { getMomentsSettings } from './moments-settings';
import { postTiming } from './post-timing';
import { weekSpan } from '../schedule/week-span';
import { guideWeekRow } from './score-week';

export interface GuidePosts {
  week: WeekSpan;
  plan: MomentsPlan;
  row: GuideWeekRow;
  posts: {
    post: MomentPost & { libraryItem: { id: string; title: string } | null };
    localDate: string;
    inBestWindow: boolean;
  }[];
  days: { date: string; posts: number; kinds: MomentKind[] }[];
}

/**
 * One guide's week post by post, for the desk's drill-down: the score, each post with its day and window (deleted
 * ones too), and the posting-days calendar. A guide out of the actor's scope is a 404 that says nothing of them.
 */
export async function listGuidePosts(
  deps: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  query: z.output<typeof GuidePostsQuery>,
  now = new Date(),
): Promise<GuidePosts> {
  const settings = await getMomentsSettings(deps);
  const week = weekSpan(query.week, settings.timezone, now);
  const row = await guideWeekRow(deps, actor, settings, week.start, query.userid);
  const guide =
    row && (await deps.db.guide.findUnique({ where: { userid: query.userid }, select: { id: true } }));
  if (!row || !guide) throw notFound('guide_not_found', `no guide ${query.userid} to show`);
  const monday = DateTime.fromISO(week.start, { zone: settings.timezone });
  const rows = await deps.db.momentPost.findMany({
    where: {
      guideId: guide.id,
      postedAt: { gte: monday.toJSDate(), lt: monday.plus({ weeks: 1 }).toJSDate() },
    },
    orderBy: { postedAt: 'asc' },
    include: { libraryItem: { select: { id: true, title: true } } },
  });
  const posts = rows.map((post) => ({
    post,
    ...postTiming(post.postedAt, settings.plan, settings.timezone),
  }));
  const days = Array.from({ length: 7 }, (_, i) => {
    const date = monday.plus({ days: i }).toISODate()!;
    const live = posts.filter((p) => p.localDate === date && !p.post.deletedAt);
    const kinds = live.map((p) => p.post.correctedKind ?? p.post.kind);
    return { date, posts: live.length, kinds: [...new Set(kinds)].sort() };
  });
  return {
    week,
    plan: settings.plan,
    row,
    posts: posts.map(({ post, localDate, inBestWindow }) => ({ post, localDate, inBestWindow })),
    days,
  };
}
