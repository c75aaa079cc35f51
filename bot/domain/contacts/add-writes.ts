import type { Pool } from 'pg';
import { relationKey } from './write-follow-snapshots';

// The set-based statements of recordAdds (record-adds.ts): one for any number of adds.

/** An add_external_contact / add_half_external_contact callback (API.md §2.2), as recordAdds takes it. */
export interface AddToRecord {
  eventId: string;
  userid: string;
  externalUserid: string;
  /** CreateTime of the event. */
  occurredAt: Date;
  state?: string;
  /** Whether the add carried a WelcomeCode: then the welcome job greets, or falls back to a follow-up. */
  hasWelcomeCode: boolean;
}

export interface AddedPair {
  add: AddToRecord;
  guideId: string;
  customerId: string;
}

/** The relation each add proves, created from the event alone when we have not seen it (ensurePair for many). */
export async function ensurePairs(pool: Pool, pairs: AddedPair[]): Promise<void> {
  const rows = pairs
    .map((p) => ({
      guide_id: p.guideId,
      customer_id: p.customerId,
      state: p.add.state,
      at: p.add.occurredAt.toISOString(),
    }))
    .sort((a, b) =>
      relationKey(a.guide_id, a.customer_id) < relationKey(b.guide_id, b.customer_id) ? -1 : 1,
    );
  await pool.query(
    `INSERT INTO guide_customer (id, guide_id, customer_id, state, added_at, last_event_at, updated_at)
     SELECT gen_random_uuid(), x.guide_id, x.customer_id, x.state, x.at, x.at, now()
     FROM jsonb_to_recordset($1::jsonb) AS x(guide_id uuid, customer_id uuid, state text, at timestamptz)
     ON CONFLICT (guide_id, customer_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/**
 * Applies each add unless a newer event already changed its relation, and starts the lifecycle clock at a
 * customer's first add (DESIGN.md §2 会员生命周期). Conditional UPDATEs, so an add and a deletion of the same
 * pair processed at once cannot both win: the row lock orders them and the newer stands. Returns the event ids
 * that were applied.
 */
export async function markAdded(pool: Pool, pairs: AddedPair[]): Promise<Set<string>> {
  const rows = pairs
    .map((p) => ({
      event_id: p.add.eventId,
      guide_id: p.guideId,
      customer_id: p.customerId,
      state: p.add.state,
      at: p.add.occurredAt.toISOString(),
    }))
    .sort((a, b) =>
      relationKey(a.guide_id, a.customer_id) < relationKey(b.guide_id, b.customer_id) ? -1 : 1,
    );
  const { rows: marked } = await pool.query<{ event_id: string }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS x(event_id uuid, guide_id uuid, customer_id uuid, state text, at timestamptz)
     ),
     marked AS (
       UPDATE guide_customer gc
       SET status_changed_at = CASE WHEN gc.status <> 'ACTIVE' THEN now() ELSE gc.status_changed_at END,
           status = 'ACTIVE', delete_source = NULL, state = coalesce(i.state, gc.state),
           last_event_at = i.at, updated_at = now()
       FROM input i
       WHERE gc.guide_id = i.guide_id AND gc.customer_id = i.customer_id
         AND (gc.last_event_at IS NULL OR gc.last_event_at <= i.at)
       RETURNING i.event_id, i.customer_id, i.at
     ),
     joined AS (
       UPDATE customer c SET joined_at = LEAST(coalesce(c.joined_at, m.at), m.at)
       FROM (SELECT customer_id, min(at) AS at FROM marked GROUP BY customer_id) m
       WHERE c.id = m.customer_id
     )
     SELECT event_id FROM marked`,
    [JSON.stringify(rows)],
  );
  return new Set(marked.map((r) => r.event_id));
}

/** The states among these that are our channels' (apply-channel.ts does the rest, for those adds only). */
export async function findChannelStates(pool: Pool, states: (string | undefined)[]): Promise<Set<string>> {
  const wanted = [...new Set(states.filter((s): s is string => Boolean(s)))];
  if (wanted.length === 0) return new Set();
  const { rows } = await pool.query<{ state: string }>(
    'SELECT state FROM contact_way WHERE state = ANY($1::text[])',
    [wanted],
  );
  return new Set(rows.map((r) => r.state));
}
