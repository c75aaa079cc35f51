import type { Pool } from 'pg';

/**
 * Makes a relation's tags WeCom's current view (from externalcontact/get or batch/get_by_user) with our changes
 * that have not reached WeCom yet laid on top: a guide's edit in the WeCom client arrives as
 * edit_external_contact with no details, while our own mark_tag calls produce no callback at all. Tags WeCom
 * lists that we have not mirrored yet are linked when the tag sync learns them (it reads wecom_tag_ids).
 * `personalTags` (type 2, names only) replaces the stored list when given. With `fetchedAt` (when WeCom's view was
 * asked for), our changes WeCom accepted since then count too: a push may land between the read and this write.
 */
/** Clock skew between this process and the database, and WeCom's own delay in showing a change. */
const FETCH_MARGIN_MS = 5_000;

export async function reconcileRelationTags(
  pool: Pool,
  relationId: string,
  wecomTagIds: string[],
  personalTags?: string[],
  fetchedAt?: Date,
): Promise<void> {
  // Our pushes that reached WeCom after (or just before) its answer was read may not be in that answer.
  const trustSince = fetchedAt ? new Date(fetchedAt.getTime() - FETCH_MARGIN_MS) : null;
  await pool.query(
    `WITH wanted AS (
       SELECT t.id FROM tag t WHERE t.wecom_tag_id = ANY($2::text[]) AND t.deleted_at IS NULL
       UNION
       SELECT tc.tag_id FROM tag_change tc WHERE tc.relation_id = $1 AND tc.op = 'ADD'
         AND (tc.status = 'PENDING' OR (tc.status = 'SYNCED' AND tc.synced_at >= $3))
       EXCEPT
       SELECT tc.tag_id FROM tag_change tc WHERE tc.relation_id = $1 AND tc.op = 'REMOVE'
         AND (tc.status = 'PENDING' OR (tc.status = 'SYNCED' AND tc.synced_at >= $3))
     ),
     dropped AS (
       DELETE FROM relation_tag rt WHERE rt.relation_id = $1 AND rt.tag_id NOT IN (SELECT id FROM wanted)
     )
     INSERT INTO relation_tag (relation_id, tag_id) SELECT $1, id FROM wanted ON CONFLICT DO NOTHING`,
    [relationId, wecomTagIds, trustSince],
  );
  if (personalTags) {
    await pool.query('UPDATE guide_customer SET personal_tags = $2 WHERE id = $1 AND personal_tags <> $2', [
      relationId,
      personalTags,
    ]);
  }
}
