import type { DomainDeps } from '../deps';
import { WELCOME_WINDOW_MS } from '../welcome/welcome-timing';

/** How long the reconciler keeps trying to finish a welcome (fall back to a follow-up) before it records the end. */
export const WELCOME_RECONCILE_FOR_MS = 2 * 24 * 3600_000;

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
      AND e.received_at > ${new Date(now.getTime() - WELCOME_RECONCILE_FOR_MS)}
      AND (w.id IS NULL OR w.status = 'SENDING')
    LIMIT 1000`;
  return rows.map((r) => r.id);
}

/**
 * The end of the welcomes findUnfinishedWelcomes gave up on: an add older than two days whose welcome is still
 * open (its fallback kept failing for a passing reason) or was never claimed is recorded FAILED, so every add
 * with a WelcomeCode ends in a recorded state. Only the day after the cut-off is scanned, so it stays cheap.
 */
export async function failAbandonedWelcomes(
  { db }: Pick<DomainDeps, 'db'>,
  now = new Date(),
): Promise<number> {
  const cutOff = new Date(now.getTime() - WELCOME_RECONCILE_FOR_MS);
  const scanFrom = new Date(cutOff.getTime() - 24 * 3600_000);
  const reason = 'gave up: the welcome was still unfinished two days after the add';
  const open = await db.$executeRaw`
    UPDATE welcome_message SET status = 'FAILED', claimed_until = NULL, updated_at = now(),
           error = ${reason} || coalesce(' (last error: ' || left(error, 1500) || ')', '')
    WHERE status = 'SENDING' AND created_at < ${cutOff}`;
  // ON CONFLICT DO NOTHING without a target: a code another add's welcome holds is skipped, not an error.
  const neverClaimed = await db.$executeRaw`
    INSERT INTO welcome_message (id, event_id, welcome_code, guide_userid, external_userid, received_at,
                                 status, error, updated_at)
    SELECT gen_random_uuid(), e.id, e.fields->>'WelcomeCode', coalesce(e.userid, ''),
           coalesce(e.external_userid, ''), e.received_at, 'FAILED', ${reason}, now()
    FROM callback_event e LEFT JOIN welcome_message w ON w.event_id = e.id
    WHERE e.change_type IN ('add_external_contact', 'add_half_external_contact')
      AND coalesce(e.fields->>'WelcomeCode', '') <> ''
      AND e.received_at < ${cutOff} AND e.received_at > ${scanFrom} AND w.id IS NULL
    LIMIT 1000
    ON CONFLICT DO NOTHING`;
  return open + neverClaimed;
}
