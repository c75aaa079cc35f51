import type { DomainDeps } from '../deps';

const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Relations with tag changes still to push, in relation id order after `after` (a keyset walk: a million
 * pending changes cost a page at a time, not a sort of all of them). A relation whose last push failed for a
 * passing reason waits 2^attempts seconds (at most ten minutes) before it is offered again. Pushing a relation
 * its own edit's job is pushing too is harmless: the push takes a per-relation lock and reads what is still
 * PENDING.
 */
export async function findPendingTagPushes(
  { pool }: Pick<DomainDeps, 'pool'>,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await pool.query<{ relation_id: string }>(
    `SELECT DISTINCT relation_id FROM tag_change
     WHERE status = 'PENDING' AND relation_id > $1::uuid
       AND (attempts = 0
            OR updated_at < now() - least(make_interval(secs => 2 ^ least(attempts, 10)), interval '10 minutes'))
     ORDER BY relation_id LIMIT $2`,
    [after ?? FIRST_UUID, limit],
  );
  return rows.map((r) => r.relation_id);
}
