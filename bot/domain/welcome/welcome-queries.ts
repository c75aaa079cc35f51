import type { Pool } from 'pg';
import type { WelcomeStatus } from '../../generated/prisma/client';

// The welcome path runs raw, prepared statements: it must finish inside WeCom's 20-second window even in a
// burst of thousands of adds, and Prisma 6's client engine compiles every query anew (measured: a third of a
// busy worker's CPU). Column names follow prisma/schema.prisma; the migration test keeps the two in step.

export interface AddToWelcome {
  userid: string;
  externalUserid: string;
  welcomeCode: string | null;
  state: string | null;
  receivedAt: Date;
  addedAt: Date;
}

export async function findAddToWelcome(pool: Pool, eventId: string): Promise<AddToWelcome | null> {
  const { rows } = await pool.query<AddToWelcome>({
    name: 'welcome-find-event',
    text: `SELECT coalesce(userid, '') AS "userid", coalesce(external_userid, '') AS "externalUserid",
                  fields->>'WelcomeCode' AS "welcomeCode", fields->>'State' AS "state",
                  received_at AS "receivedAt", created_at_wecom AS "addedAt"
           FROM callback_event WHERE id = $1`,
    values: [eventId],
  });
  return rows[0] ?? null;
}

export type Claim = { claimed: true; id: string } | { claimed: false; reason: 'finished' | 'in flight' };

/**
 * Takes the welcome of one add event for `leaseMs` and counts the attempt. The first sender creates the row;
 * another finds it finished, or held by a sender still at work (whose lease runs out if that sender died).
 */
export async function claimWelcome(
  pool: Pool,
  eventId: string,
  add: AddToWelcome & { welcomeCode: string },
  leaseMs: number,
): Promise<Claim> {
  const { rows } = await pool.query<{ id: string }>({
    name: 'welcome-claim',
    text: `INSERT INTO welcome_message (id, event_id, welcome_code, guide_userid, external_userid, received_at,
                                        attempts, claimed_until, updated_at)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 1, now() + $6 * interval '1 millisecond', now())
           ON CONFLICT (event_id) DO UPDATE
             SET attempts = welcome_message.attempts + 1, updated_at = now(),
                 claimed_until = now() + $6 * interval '1 millisecond'
             WHERE welcome_message.status = 'SENDING'
               AND (welcome_message.claimed_until IS NULL OR welcome_message.claimed_until < now())
           RETURNING id`,
    values: [eventId, add.welcomeCode, add.userid, add.externalUserid, add.receivedAt, leaseMs],
  });
  if (rows[0]) return { claimed: true, id: rows[0].id };
  const { rows: held } = await pool.query<{ status: string }>({
    name: 'welcome-claim-status',
    text: 'SELECT status FROM welcome_message WHERE event_id = $1',
    values: [eventId],
  });
  return { claimed: false, reason: held[0]?.status === 'SENDING' ? 'in flight' : 'finished' };
}

export interface GuideForWelcome {
  id: string;
  name: string;
  storeName: string | null;
}

export async function findGuideForWelcome(pool: Pool, userid: string): Promise<GuideForWelcome | null> {
  const { rows } = await pool.query<GuideForWelcome>({
    name: 'welcome-find-guide',
    text: `SELECT g.id, g.name, s.name AS "storeName" FROM guide g LEFT JOIN store s ON s.id = g.store_id
           WHERE g.userid = $1`,
    values: [userid],
  });
  return rows[0] ?? null;
}

export interface TemplateRow {
  id: string;
  text: string;
  attachments: unknown;
}

/** The channel's template (by State) wins over the guide's, which wins over the corp default; newest first. */
export async function findWelcomeTemplate(
  pool: Pool,
  state: string | null,
  guideId: string,
): Promise<TemplateRow | null> {
  const { rows } = await pool.query<TemplateRow>({
    name: 'welcome-find-template',
    text: `SELECT id, text, attachments FROM welcome_template
           WHERE is_active AND ((scope = 'CHANNEL' AND state = $1) OR (scope = 'GUIDE' AND guide_id = $2)
                                OR scope = 'CORP')
           ORDER BY CASE scope WHEN 'CHANNEL' THEN 0 WHEN 'GUIDE' THEN 1 ELSE 2 END, updated_at DESC
           LIMIT 1`,
    values: [state, guideId],
  });
  return rows[0] ?? null;
}

export interface WelcomeResult {
  status: WelcomeStatus;
  templateId?: string | null;
  sentAt?: Date | null;
  latencyMs?: number | null;
  errcode?: number | null;
  error?: string | null;
}

/**
 * Records an outcome and releases the claim; SENDING leaves the welcome open for the next retry. Only an open
 * welcome is written: a late run (its lease lapsed) cannot overwrite the outcome another run recorded.
 */
export async function recordWelcomeResult(pool: Pool, id: string, r: WelcomeResult): Promise<void> {
  await pool.query({
    name: 'welcome-record-result',
    text: `UPDATE welcome_message SET status = $2::welcome_status, template_id = coalesce($3, template_id),
             sent_at = $4, latency_ms = $5, last_errcode = $6, error = $7, claimed_until = NULL, updated_at = now()
           WHERE id = $1 AND status = 'SENDING'`,
    values: [
      id,
      r.status,
      r.templateId ?? null,
      r.sentAt ?? null,
      r.latencyMs ?? null,
      r.errcode ?? null,
      r.error ?? null,
    ],
  });
}
