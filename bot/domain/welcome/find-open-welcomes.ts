import type { Pool } from 'pg';
import { WELCOME_RETRY_MS, WELCOME_WINDOW_MS } from './welcome-timing';

export interface OpenWelcomeOptions {
  /** Adds received this recently are left to their queued job (the fast path) for now. */
  graceMs: number;
  limit: number;
  /** Only these events (tests that share a database). */
  onlyIds?: string[];
  now?: Date;
}

export interface OpenWelcome {
  /** The add event's id. */
  id: string;
  /** Claimed once, and the claim lapsed or was released; false: never claimed. */
  wasClaimed: boolean;
}

const FIND_OPEN = {
  name: 'welcome-find-open',
  text: `SELECT e.id, w.id IS NOT NULL AS "wasClaimed" FROM callback_event e
         LEFT JOIN welcome_message w ON w.event_id = e.id
         WHERE e.change_type IN ('add_external_contact', 'add_half_external_contact')
           AND e.received_at > $1 AND e.received_at <= $2
           AND coalesce(e.fields->>'WelcomeCode', '') <> ''
           AND (w.id IS NULL
                OR (w.status = 'SENDING'
                    AND coalesce(w.claimed_until, w.updated_at + $3 * interval '1 millisecond') < now()))
           AND ($5::uuid[] IS NULL OR e.id = ANY($5::uuid[]))
         ORDER BY e.received_at
         LIMIT $4`,
};

/**
 * Add events whose welcome_code is still valid and that nobody is greeting: never claimed (their job never
 * reached Redis, or Redis lost it: killed, flushed), or claimed by a sender whose lease ran out (a worker that
 * died mid-send) or released for a retry whose job is gone. PostgreSQL has every add before WeCom got its answer,
 * so this finds them without the queue. Sending them goes through the same claims as the job does (the unique
 * welcome_code, DUPLICATE, 41051), so an add found here and by its job is still greeted once.
 */
export async function findOpenWelcomes(pool: Pool, options: OpenWelcomeOptions): Promise<OpenWelcome[]> {
  const now = options.now ?? new Date();
  const { rows } = await pool.query<OpenWelcome>({
    ...FIND_OPEN,
    values: [
      new Date(now.getTime() - WELCOME_WINDOW_MS),
      new Date(now.getTime() - options.graceMs),
      // A welcome released for a retry: its job comes back after WELCOME_RETRY_MS; after that, it is ours.
      WELCOME_RETRY_MS + options.graceMs,
      options.limit,
      options.onlyIds ?? null,
    ],
  });
  return rows;
}
