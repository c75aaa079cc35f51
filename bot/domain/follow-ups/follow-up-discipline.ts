import { DateTime } from 'luxon';
import type { z } from 'zod';
import { SqlParams } from '../../db';
import type {
  DisciplineCounts,
  DisciplineRow,
  DisciplineWeekQuery,
  DisciplineWeekResponse,
} from '../../http/contract/discipline';
import type { Actor } from '../access/actor';
import { guideRowScopeSql } from '../access/guide-scope';
import type { DomainDeps } from '../deps';
import { weekSpan } from '../schedule/week-span';
import { getCorpSettings } from '../settings/corp-settings';

const COUNTS: (keyof DisciplineCounts)[] = [
  'newCustomers',
  'greetedWithinDay',
  'serviceDue',
  'serviceOnTime',
  'interactionsDue',
  'interactionsOnTime',
  'overdue',
];

/**
 * Each guide's follow-up discipline for a week (Monday to Sunday in the corp's zone), beside the Moments audit:
 * new customers greeted within a day (welcome sent, or the greeting follow-up done, within 24 h of the add),
 * service reminders and 7-day interactions due so far this week and done by the end of their day, and
 * follow-ups whose day ended undone. Cancelled follow-ups (the customer left) count for nothing.
 */
export async function followUpDiscipline(
  deps: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  query: z.output<typeof DisciplineWeekQuery>,
  now = new Date(),
): Promise<DisciplineWeekResponse> {
  const { timezone } = await getCorpSettings(deps);
  const week = weekSpan(query.week, timezone, now);
  const monday = DateTime.fromISO(week.start, { zone: timezone });
  const p = new SqlParams();
  const zone = p.add(timezone);
  const [from, until, asOf] = [
    p.add(monday.toJSDate()),
    p.add(monday.plus({ weeks: 1 }).toJSDate()),
    p.add(now),
  ];
  const { rows } = await deps.pool.query<
    { userid: string; name: string; store_id: string | null; store_name: string | null } & Record<
      keyof DisciplineCounts,
      number
    >
  >(
    `WITH g AS (
       SELECT g.id, g.userid, g.name, g.store_id FROM guide g WHERE g.is_active AND ${guideRowScopeSql(actor, { storeId: query.storeId }, p)}
     ), adds AS (
       SELECT gc.guide_id, count(*)::int AS new_customers,
         count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM welcome_message w WHERE w.guide_userid = g.userid AND w.external_userid = c.external_userid
               AND w.status IN ('SENT', 'ALREADY_SENT') AND w.sent_at <= gc.added_at + interval '1 day')
           OR EXISTS (
             SELECT 1 FROM follow_up f WHERE f.guide_id = gc.guide_id AND f.customer_id = gc.customer_id
               AND f.kind = 'GREETING' AND f.status = 'DONE' AND f.closed_at <= gc.added_at + interval '1 day')
         )::int AS greeted
       FROM guide_customer gc JOIN g ON g.id = gc.guide_id JOIN customer c ON c.id = gc.customer_id
       WHERE gc.added_at >= ${from} AND gc.added_at < ${until}
       GROUP BY gc.guide_id
     ), due AS (
       SELECT f.guide_id, f.kind,
         f.status = 'DONE' AND f.closed_at <= d.day_end AS on_time, d.day_end <= ${asOf} AS day_over
       FROM follow_up f JOIN g ON g.id = f.guide_id
       CROSS JOIN LATERAL (SELECT ((date_trunc('day', f.due_at AT TIME ZONE ${zone}) + interval '1 day')
         AT TIME ZONE ${zone}) AS day_end) d
       WHERE f.due_at >= ${from} AND f.due_at < ${until} AND f.due_at <= ${asOf} AND f.status <> 'CANCELLED'
     ), dues AS (
       SELECT guide_id,
         count(*) FILTER (WHERE kind = 'SERVICE_REMINDER')::int AS service_due,
         count(*) FILTER (WHERE kind = 'SERVICE_REMINDER' AND on_time)::int AS service_on_time,
         count(*) FILTER (WHERE kind = 'INTERACTION')::int AS interactions_due,
         count(*) FILTER (WHERE kind = 'INTERACTION' AND on_time)::int AS interactions_on_time,
         count(*) FILTER (WHERE day_over AND NOT on_time)::int AS overdue
       FROM due GROUP BY guide_id
     )
     SELECT g.userid, g.name, s.id AS store_id, s.name AS store_name,
       coalesce(a.new_customers, 0) AS "newCustomers", coalesce(a.greeted, 0) AS "greetedWithinDay",
       coalesce(d.service_due, 0) AS "serviceDue", coalesce(d.service_on_time, 0) AS "serviceOnTime",
       coalesce(d.interactions_due, 0) AS "interactionsDue",
       coalesce(d.interactions_on_time, 0) AS "interactionsOnTime", coalesce(d.overdue, 0) AS overdue
     FROM g LEFT JOIN store s ON s.id = g.store_id
       LEFT JOIN adds a ON a.guide_id = g.id LEFT JOIN dues d ON d.guide_id = g.id
     ORDER BY overdue DESC, (coalesce(a.new_customers, 0) - coalesce(a.greeted, 0)) DESC, g.userid COLLATE "C"`,
    p.values,
  );
  const guides: DisciplineRow[] = rows.map(({ userid, name, store_id, store_name, ...counts }) => ({
    guide: {
      userid,
      name,
      store: store_id && store_name !== null ? { id: store_id, name: store_name } : null,
    },
    ...counts,
  }));
  const summary = { guides: guides.length, ...sum(guides) };
  const first = (query.page - 1) * query.pageSize;
  return {
    week,
    summary,
    guides: guides.slice(first, first + query.pageSize),
    page: { page: query.page, pageSize: query.pageSize, total: guides.length },
  };
}

function sum(rows: readonly DisciplineCounts[]): DisciplineCounts {
  return Object.fromEntries(
    COUNTS.map((k) => [k, rows.reduce((n, r) => n + r[k], 0)]),
  ) as unknown as DisciplineCounts;
}
