import type { DomainDeps } from '../deps';

/**
 * Relations whose tag changes have waited over `graceMs` without reaching WeCom: their push job was lost (Redis
 * flushed, worker killed) or is between retries. Pushing again is harmless: the push takes a per-relation lock
 * and reads what is still PENDING.
 */
export async function findPendingTagPushes(
  { pool }: Pick<DomainDeps, 'pool'>,
  graceMs: number,
  limit = 1000,
): Promise<string[]> {
  const { rows } = await pool.query<{ relation_id: string }>(
    `SELECT relation_id FROM tag_change
     WHERE status = 'PENDING' AND updated_at < now() - make_interval(secs => $1::double precision / 1000)
     GROUP BY relation_id ORDER BY min(updated_at) LIMIT $2`,
    [graceMs, limit],
  );
  return rows.map((r) => r.relation_id);
}
