import type { Pool } from 'pg';

/**
 * Makes a relation's tags WeCom's current view (from externalcontact/get or batch/get_by_user) with our changes
 * that have not reached WeCom yet laid on top: a guide's edit in the WeCom client arrives as
 * edit_external_contact with no details, while our own mark_tag calls produce no callback at all. Tags WeCom
 * lists that we have not mirrored yet are linked when the tag sync learns them (it reads wecom_tag_ids).
 * `personalTags` (type 2, names only) replaces the stored list when given.
 */
export async function reconcileRelationTags(
  pool: Pool,
  relationId: string,
  wecomTagIds: string[],
  personalTags?: string[],
): Promise<void> {
  await pool.query(
    `WITH wanted AS (
       SELECT t.id FROM tag t WHERE t.wecom_tag_id = ANY($2::text[]) AND t.deleted_at IS NULL
       UNION
       SELECT tc.tag_id FROM tag_change tc WHERE tc.relation_id = $1 AND tc.status = 'PENDING' AND tc.op = 'ADD'
       EXCEPT
       SELECT tc.tag_id FROM tag_change tc WHERE tc.relation_id = $1 AND tc.status = 'PENDING' AND tc.op = 'REMOVE'
     ),
     dropped AS (
       DELETE FROM relation_tag rt WHERE rt.relation_id = $1 AND rt.tag_id NOT IN (SELECT id FROM wanted)
     )
     INSERT INTO relation_tag (relation_id, tag_id) SELECT $1, id FROM wanted ON CONFLICT DO NOTHING`,
    [relationId, wecomTagIds],
  );
  if (personalTags) {
    await pool.query('UPDATE guide_customer SET personal_tags = $2 WHERE id = $1 AND personal_tags <> $2', [
      relationId,
      personalTags,
    ]);
  }
}
