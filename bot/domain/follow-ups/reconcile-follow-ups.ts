import type { DomainDeps } from '../deps';
import { WELCOME_WINDOW_MS } from '../welcome/welcome-timing';

/**
 * Guides with follow-ups that fell due a while ago and are still PENDING: their Bull job was lost (Redis
 * flushed, worker killed) or their digest is waiting for working hours. Asking again is harmless.
 */
export async function findGuidesWithOverdueFollowUps(
  { db }: Pick<DomainDeps, 'db'>,
  graceMs: number,
  now = new Date(),
): Promise<string[]> {
  const rows = await db.followUp.findMany({
    where: { status: 'PENDING', dueAt: { lt: new Date(now.getTime() - graceMs) } },
    distinct: ['guideId'],
    // Longest overdue first, so guides stuck outside their hours cannot crowd out the rest.
    orderBy: { dueAt: 'asc' },
    select: { guideId: true },
    take: 1000,
  });
  return rows.map((r) => r.guideId);
}

/**
 * Add events that carried a WelcomeCode, whose window has closed, and whose welcome never finished (the job was
 * lost): running the welcome job now records them as expired and falls back to a greeting follow-up.
 */
export async function findUnfinishedWelcomes(
  { db }: Pick<DomainDeps, 'db'>,
  now = new Date(),
): Promise<string[]> {
  const closedBefore = new Date(now.getTime() - WELCOME_WINDOW_MS - 5_000);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT e.id FROM callback_event e
    LEFT JOIN welcome_message w ON w.event_id = e.id
    WHERE e.change_type IN ('add_external_contact', 'add_half_external_contact')
      AND coalesce(e.fields->>'WelcomeCode', '') <> ''
      AND e.received_at < ${closedBefore}
      AND e.received_at > ${new Date(now.getTime() - 2 * 24 * 3600_000)}
      AND (w.id IS NULL OR w.status = 'SENDING')
    LIMIT 1000`;
  return rows.map((r) => r.id);
}
