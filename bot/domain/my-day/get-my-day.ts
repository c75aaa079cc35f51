import { DateTime } from 'luxon';
import type { FollowUp } from '../../generated/prisma/client';
import type { Actor } from '../access/actor';
import { guideScopeWhere } from '../access/guide-scope';
import type { DomainDeps } from '../deps';
import { getCorpSettings } from '../settings/corp-settings';

/** The page lists at most this many (a guide's day holds a few dozen; the counts cover them all). */
export const MY_DAY_LIMIT = 200;

const OPEN = { status: { in: ['PENDING' as const, 'REMINDED' as const] } };

export interface MyDayFollowUp extends FollowUp {
  guide: { userid: string; name: string };
  customer: { externalUserid: string; name: string; avatar: string | null; remark: string | null };
  relationId: string;
  isOverdue: boolean;
}

export interface MyDay {
  /** Today in the corp's time zone, yyyy-MM-dd. */
  date: string;
  followUps: MyDayFollowUp[];
  /** dueToday: open and due from now to the end of today; overdue: open and due before now. */
  counts: { dueToday: number; overdue: number; doneToday: number };
  generatedAt: Date;
}

/**
 * The guide's day: open follow-ups due by the end of today in the corp's time zone (Asia/Shanghai unless the
 * corp says otherwise), the most overdue first and then the soonest (one ascending due-time order gives both),
 * with what the page needs to open each customer's chat, and the day's counts. Over the actor's scope: a guide
 * their own, a store manager their store's, HQ everyone's (the list is then capped at MY_DAY_LIMIT; the counts
 * are not). Six queries: the settings, the list and three counts side by side, then the listed relations.
 */
export async function getMyDay(
  deps: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  now = new Date(),
): Promise<MyDay> {
  const { db } = deps;
  const settings = await getCorpSettings({ db });
  const today = DateTime.fromJSDate(now, { zone: settings.timezone }).startOf('day');
  const [dayStart, dayEnd] = [today.toJSDate(), today.plus({ days: 1 }).toJSDate()];
  const scope = guideScopeWhere(actor);
  const [rows, dueToday, overdue, doneToday] = await Promise.all([
    db.followUp.findMany({
      where: { ...scope, ...OPEN, dueAt: { lt: dayEnd } },
      include: {
        guide: { select: { userid: true, name: true } },
        customer: { select: { externalUserid: true, name: true, avatar: true } },
      },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: MY_DAY_LIMIT,
    }),
    db.followUp.count({ where: { ...scope, ...OPEN, dueAt: { gte: now, lt: dayEnd } } }),
    db.followUp.count({ where: { ...scope, ...OPEN, dueAt: { lt: now } } }),
    db.followUp.count({ where: { ...scope, status: 'DONE', closedAt: { gte: dayStart, lt: dayEnd } } }),
  ]);
  const relations = await relationsOf(deps, rows);
  const followUps = rows.flatMap((f) => {
    const relation = relations.get(`${f.guideId}:${f.customerId}`);
    // Every follow-up has its guide–customer relation (the pair is unique); a row without one is not shown.
    if (!relation) return [];
    return [
      {
        ...f,
        customer: { ...f.customer, remark: relation.remark },
        relationId: relation.id,
        isOverdue: f.dueAt < now,
      },
    ];
  });
  return {
    date: today.toFormat('yyyy-MM-dd'),
    followUps,
    counts: { dueToday, overdue, doneToday },
    generatedAt: now,
  };
}

/** The relations of the listed follow-ups' (guide, customer) pairs, by the pair's unique index, in one query. */
async function relationsOf(
  { pool }: Pick<DomainDeps, 'pool'>,
  rows: Pick<FollowUp, 'guideId' | 'customerId'>[],
): Promise<Map<string, { id: string; remark: string | null }>> {
  if (rows.length === 0) return new Map();
  const { rows: found } = await pool.query<{
    id: string;
    guide_id: string;
    customer_id: string;
    remark: string | null;
  }>(
    `SELECT gc.id, gc.guide_id, gc.customer_id, gc.remark
     FROM unnest($1::uuid[], $2::uuid[]) AS p(guide_id, customer_id)
     JOIN guide_customer gc ON gc.guide_id = p.guide_id AND gc.customer_id = p.customer_id`,
    [rows.map((r) => r.guideId), rows.map((r) => r.customerId)],
  );
  return new Map(found.map((r) => [`${r.guide_id}:${r.customer_id}`, { id: r.id, remark: r.remark }]));
}
