import type { Pool } from 'pg';
import type { WelcomeStatus } from '../../generated/prisma/client';

// The welcome path runs raw, prepared statements, one per step for a whole batch of adds: it must finish inside
// WeCom's 20-second window even in a burst of thousands of adds. Prisma 6's client engine compiles every query
// anew (measured: a third of a busy worker's CPU), and each round trip to PostgreSQL costs a socket write that a
// profile of a burst shows as the worker's largest single cost. Column names follow prisma/schema.prisma; the
// migration test keeps the two in step.

export interface AddToWelcome {
  eventId: string;
  userid: string;
  externalUserid: string;
  welcomeCode: string | null;
  state: string | null;
  receivedAt: Date;
  addedAt: Date;
}

/** The add events among `eventIds`, by event id (an id with no event is missing from the map). */
export async function findAddsToWelcome(pool: Pool, eventIds: string[]): Promise<Map<string, AddToWelcome>> {
  const { rows } = await pool.query<AddToWelcome>({
    name: 'welcome-find-events',
    text: `SELECT id AS "eventId", coalesce(userid, '') AS "userid", coalesce(external_userid, '') AS "externalUserid",
                  fields->>'WelcomeCode' AS "welcomeCode", fields->>'State' AS "state",
                  received_at AS "receivedAt", created_at_wecom AS "addedAt"
           FROM callback_event WHERE id = ANY($1::uuid[])`,
    values: [eventIds],
  });
  return new Map(rows.map((r) => [r.eventId, r]));
}

export type Claim =
  | { claimed: true; id: string }
  | { claimed: false; reason: 'finished' | 'in flight' }
  /** Another add's welcome holds this add's welcome_code: recorded as its DUPLICATE, never sent. */
  | { claimed: false; reason: 'duplicate'; duplicateOf: string };
export type ClaimableAdd = AddToWelcome & { welcomeCode: string };

const CLAIM = {
  name: 'welcome-claim-many',
  text: `INSERT INTO welcome_message (id, event_id, welcome_code, guide_userid, external_userid, received_at,
                                      attempts, claimed_until, updated_at)
         SELECT gen_random_uuid(), a.event_id, a.code, a.userid, a.external_userid, a.received_at, 1,
                now() + $6 * interval '1 millisecond', now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
              AS a(event_id, code, userid, external_userid, received_at)
         ON CONFLICT (event_id) DO UPDATE
           SET attempts = welcome_message.attempts + 1, updated_at = now(),
               claimed_until = now() + $6 * interval '1 millisecond'
           WHERE welcome_message.status = 'SENDING'
             AND (welcome_message.claimed_until IS NULL OR welcome_message.claimed_until < now())
         RETURNING id, event_id AS "eventId"`,
};

/**
 * Takes the welcomes of these adds for `leaseMs` and counts the attempt, in one statement. The first sender
 * creates the row; another finds it finished, or held by a sender still at work (whose lease runs out if that
 * sender died). If the batch is refused (two events sharing one welcome_code), each add is claimed on its own;
 * an add whose code another add's welcome already holds is recorded as that welcome's DUPLICATE, a final state,
 * so that it is neither sent nor retried. Only that refused batch costs the extra statements.
 */
export async function claimWelcomes(
  pool: Pool,
  adds: ClaimableAdd[],
  leaseMs: number,
): Promise<Map<string, Claim | Error>> {
  // Sorted, so that two batches claiming overlapping adds take the row locks in the same order.
  const sorted = [...new Map(adds.map((a) => [a.eventId, a])).values()].sort((a, b) =>
    a.eventId < b.eventId ? -1 : 1,
  );
  const result = new Map<string, Claim | Error>();
  try {
    for (const [eventId, claim] of await claimBatch(pool, sorted, leaseMs)) result.set(eventId, claim);
  } catch (error) {
    const [only] = sorted;
    if (only && sorted.length === 1) {
      const duplicate = isCodeTaken(error) ? await recordDuplicate(pool, only) : null;
      if (!duplicate) throw error;
      result.set(only.eventId, duplicate);
      return result;
    }
    for (const add of sorted) {
      try {
        for (const [eventId, claim] of await claimBatch(pool, [add], leaseMs)) result.set(eventId, claim);
      } catch (rowError) {
        const duplicate = isCodeTaken(rowError) ? await recordDuplicate(pool, add) : null;
        result.set(
          add.eventId,
          duplicate ?? (rowError instanceof Error ? rowError : new Error(String(rowError))),
        );
      }
    }
  }
  return result;
}

async function claimBatch(pool: Pool, adds: ClaimableAdd[], leaseMs: number): Promise<Map<string, Claim>> {
  const { rows } = await pool.query<{ id: string; eventId: string }>({
    ...CLAIM,
    values: [
      adds.map((a) => a.eventId),
      adds.map((a) => a.welcomeCode),
      adds.map((a) => a.userid),
      adds.map((a) => a.externalUserid),
      adds.map((a) => a.receivedAt),
      leaseMs,
    ],
  });
  const claims = new Map<string, Claim>(rows.map((r) => [r.eventId, { claimed: true, id: r.id }]));
  const notClaimed = adds.filter((a) => !claims.has(a.eventId)).map((a) => a.eventId);
  if (notClaimed.length === 0) return claims;
  const { rows: held } = await pool.query<{ eventId: string; status: string }>({
    name: 'welcome-claim-statuses',
    text: 'SELECT event_id AS "eventId", status FROM welcome_message WHERE event_id = ANY($1::uuid[])',
    values: [notClaimed],
  });
  const statusOf = new Map(held.map((h) => [h.eventId, h.status]));
  for (const eventId of notClaimed)
    claims.set(eventId, {
      claimed: false,
      reason: statusOf.get(eventId) === 'SENDING' ? 'in flight' : 'finished',
    });
  return claims;
}

const RENEW = {
  name: 'welcome-renew-claims',
  text: `UPDATE welcome_message SET claimed_until = now() + $2 * interval '1 millisecond'
         WHERE id = ANY($1::uuid[]) AND status = 'SENDING' AND claimed_until IS NOT NULL`,
};

/** Extends the claims a run still holds (open, not released) by `leaseMs` from now. */
export async function renewWelcomeClaims(pool: Pool, claimIds: string[], leaseMs: number): Promise<void> {
  if (claimIds.length === 0) return;
  await pool.query({ ...RENEW, values: [claimIds, leaseMs] });
}

/** PostgreSQL's unique violation on welcome_message.welcome_code: another add's welcome holds the code. */
function isCodeTaken(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && e.constraint === 'welcome_message_welcome_code_key';
}

const RECORD_DUPLICATE = {
  name: 'welcome-record-duplicate',
  text: `INSERT INTO welcome_message (id, event_id, welcome_code, duplicate_of_id, guide_userid, external_userid,
                                      received_at, status, attempts, error, updated_at)
         SELECT gen_random_uuid(), $1, NULL, w.id, $3, $4, $5, 'DUPLICATE', 1,
                'welcome_code already used by the add of event ' || w.event_id, now()
         FROM welcome_message w WHERE w.welcome_code = $2
         ON CONFLICT (event_id) DO NOTHING
         RETURNING duplicate_of_id AS "duplicateOf"`,
};

/** Records the add as a duplicate of the welcome that holds its code; null if that welcome is gone meanwhile. */
async function recordDuplicate(pool: Pool, add: ClaimableAdd): Promise<Claim | null> {
  const { rows } = await pool.query<{ duplicateOf: string }>({
    ...RECORD_DUPLICATE,
    values: [add.eventId, add.welcomeCode, add.userid, add.externalUserid, add.receivedAt],
  });
  const row = rows[0];
  return row ? { claimed: false, reason: 'duplicate', duplicateOf: row.duplicateOf } : null;
}

export interface GuideForWelcome {
  id: string;
  userid: string;
  name: string;
  storeName: string | null;
}

/** The guides with these userids and their stores' names, by userid. */
export async function findGuidesForWelcome(
  pool: Pool,
  userids: string[],
): Promise<Map<string, GuideForWelcome>> {
  const { rows } = await pool.query<GuideForWelcome>({
    name: 'welcome-find-guides',
    text: `SELECT g.id, g.userid, g.name, s.name AS "storeName" FROM guide g LEFT JOIN store s ON s.id = g.store_id
           WHERE g.userid = ANY($1::text[])`,
    values: [userids],
  });
  return new Map(rows.map((r) => [r.userid, r]));
}

export interface TemplateRow {
  id: string;
  scope: 'CHANNEL' | 'GUIDE' | 'CORP';
  state: string | null;
  guideId: string | null;
  text: string;
  attachments: unknown;
}

/** Every active template that could answer one of these adds: the corp's, these guides', these channels'. */
export async function findWelcomeTemplates(
  pool: Pool,
  states: string[],
  guideIds: string[],
): Promise<TemplateRow[]> {
  const { rows } = await pool.query<TemplateRow>({
    name: 'welcome-find-templates',
    text: `SELECT id, scope, state, guide_id AS "guideId", text, attachments FROM welcome_template
           WHERE is_active AND ((scope = 'CHANNEL' AND state = ANY($1::text[]))
                                OR (scope = 'GUIDE' AND guide_id = ANY($2::uuid[])) OR scope = 'CORP')
           ORDER BY updated_at DESC`,
    values: [states, guideIds],
  });
  return rows;
}

/** The channel's template (by State) wins over the guide's, which wins over the corp default; newest first. */
export function chooseWelcomeTemplate(
  templates: TemplateRow[],
  add: { state: string | null; guideId: string },
): TemplateRow | null {
  return (
    templates.find((t) => t.scope === 'CHANNEL' && add.state !== null && t.state === add.state) ??
    templates.find((t) => t.scope === 'GUIDE' && t.guideId === add.guideId) ??
    templates.find((t) => t.scope === 'CORP') ??
    null
  );
}

export interface WelcomeResult {
  /** The welcome_message row (the claim's id). */
  id: string;
  status: WelcomeStatus;
  templateId?: string | null;
  sentAt?: Date | null;
  latencyMs?: number | null;
  errcode?: number | null;
  error?: string | null;
}

const RECORD = {
  name: 'welcome-record-results',
  text: `UPDATE welcome_message w
         SET status = r.status::welcome_status, template_id = coalesce(r.template_id, w.template_id),
             sent_at = r.sent_at, latency_ms = r.latency_ms, last_errcode = r.errcode, error = r.error,
             claimed_until = NULL, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::timestamptz[], $5::int[], $6::int[], $7::text[])
              AS r(id, status, template_id, sent_at, latency_ms, errcode, error)
         WHERE w.id = r.id AND w.status = 'SENDING'`,
};

/**
 * Records outcomes and releases the claims, in one statement; SENDING leaves a welcome open for the next retry.
 * Only an open welcome is written: a late run (its lease lapsed) cannot overwrite the outcome another recorded.
 */
export async function recordWelcomeResults(pool: Pool, results: WelcomeResult[]): Promise<void> {
  if (results.length === 0) return;
  await pool.query({
    ...RECORD,
    values: [
      results.map((r) => r.id),
      results.map((r) => r.status),
      results.map((r) => r.templateId ?? null),
      results.map((r) => r.sentAt ?? null),
      results.map((r) => r.latencyMs ?? null),
      results.map((r) => r.errcode ?? null),
      results.map((r) => r.error?.slice(0, 2000) ?? null),
    ],
  });
}
