import type { Pool } from 'pg';
import type { Db } from '../../db';
import { getCorpSettings } from '../settings/corp-settings';

/** At most this many follow-ups expire per reconciler run, so one run stays short after a long outage. */
export const EXPIRE_BATCH = 1000;

/**
 * Expires the system follow-ups (greeting, interaction, service reminder) still open `followUpExpiryDays` after
 * they fell due: the moment they served has passed (a greeting a week late is no greeting), and leaving them
 * open would keep them in every digest for ever. Custom follow-ups stay: a person created them and a person
 * closes them. One UPDATE over the oldest first, skipping rows another transaction holds (a guide marking one
 * done right now wins).
 */
export async function expireFollowUps(deps: { db: Db; pool: Pool }, now = new Date()): Promise<number> {
  const { followUpExpiryDays: days } = await getCorpSettings(deps);
  const dueBefore = new Date(now.getTime() - days * 24 * 3600_000);
  const reason = `expired: still open ${days} day${days === 1 ? '' : 's'} after it was due`;
  const { rowCount } = await deps.pool.query(
    `WITH stale AS (
       SELECT id FROM follow_up
       WHERE status IN ('PENDING', 'REMINDED') AND kind <> 'CUSTOM' AND due_at < $1
       ORDER BY due_at
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE follow_up f
     SET status = 'EXPIRED', status_reason = $3, closed_at = $4, updated_at = $4
     FROM stale
     WHERE f.id = stale.id`,
    [dueBefore, EXPIRE_BATCH, reason, now],
  );
  return rowCount ?? 0;
}
