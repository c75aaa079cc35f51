import { z } from 'zod';
import { Day, type WeekSpan } from './moments';

/** GET /api/v1/discipline/weeks?week=&storeId=&page=&pageSize=: follow-up discipline, guide by guide, for a week. */
export const DisciplineWeekQuery = z.object({
  week: Day.optional(),
  storeId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type DisciplineWeekQuery = z.input<typeof DisciplineWeekQuery>;

/**
 * One guide's week of follow-ups (DESIGN.md: greet within a day, service reminders on their day, the 7-day
 * interaction): what was due and what was done in time.
 */
export interface DisciplineCounts {
  /** Customers who added the guide this week. */
  newCustomers: number;
  /** Of them, greeted within a day of adding: the welcome sent, or the greeting follow-up done. */
  greetedWithinDay: number;
  /** Service reminders (售后回访) due this week (until now), and those done by the end of their day. */
  serviceDue: number;
  serviceOnTime: number;
  /** 7-day interactions due this week (until now), and those done by the end of their day. */
  interactionsDue: number;
  interactionsOnTime: number;
  /** Follow-ups of any kind due this week whose day ended without them done. */
  overdue: number;
}

export interface DisciplineRow extends DisciplineCounts {
  guide: { userid: string; name: string; store: { id: string; name: string } | null };
}

export interface DisciplineWeekResponse {
  week: WeekSpan;
  /** Every guide in scope added up. */
  summary: DisciplineCounts & { guides: number };
  /** Most overdue first. */
  guides: DisciplineRow[];
  page: { page: number; pageSize: number; total: number };
}
