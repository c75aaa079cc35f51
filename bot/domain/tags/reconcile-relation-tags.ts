import type { Pool } from 'pg';

export interface RelationTagsSeen {
  relationId: string;
  /** The corp and rule-group tag ids WeCom lists on the relation. */
  wecomTagIds: string[];
  /** Personal tags (type 2, names only): replaces the stored list when given. */
  personalTags?: string[];
}

/** Clock skew between this process and the database, and WeCom's own delay in showing a change. */
const FETCH_MARGIN_MS = 5_000;

/**
 * Makes relations' tags WeCom's current view (from externalcontact/get or batch/get_by_user) with our changes
 * that have not reached WeCom yet laid on top, in one statement for any number of relations: a guide's edit in
 * the WeCom client arrives as edit_external_contact with no details, while our own mark_tag calls produce no
 * callback at all. Tags WeCom lists that we have not mirrored yet are linked when the tag sync learns them (it
 * reads wecom_tag_ids). With `fetchedAt` (when WeCom's view was asked for), our changes WeCom accepted since then
 * count too: a push may land between the read and this write.
 */
export async function reconcileRelationTags(
  pool: Pool,
  relations: RelationTagsSeen[],
  fetchedAt?: Date,
): Promise<void> {
  if (relations.length === 0) return;
  // Our pushes that reached WeCom after (or just before) its answer was read may not be in that answer.
  const trustSince = fetchedAt ? new Date(fetchedAt.getTime() - FETCH_MARGIN_MS) : null;
  const input = relations.map((r) => ({
    relation_id: r.relationId,
    tag_ids: r.wecomTagIds,
    personal_tags: r.personalTags,
  }));
  await pool.query(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(relation_id uuid, tag_ids jsonb, personal_tags jsonb)
     ),
     ours AS (
       SELECT tc.relation_id, tc.tag_id, tc.op FROM tag_change tc JOIN input i ON i.relation_id = tc.relation_id
       WHERE tc.status = 'PENDING' OR (tc.status = 'SYNCED' AND tc.synced_at >= $2::timestamptz)
     ),
     wanted AS (
       SELECT i.relation_id, t.id AS tag_id
       FROM input i CROSS JOIN LATERAL jsonb_array_elements_text(i.tag_ids) AS w(wecom_tag_id)
       JOIN tag t ON t.wecom_tag_id = w.wecom_tag_id AND t.deleted_at IS NULL
       UNION SELECT relation_id, tag_id FROM ours WHERE op = 'ADD'
       EXCEPT SELECT relation_id, tag_id FROM ours WHERE op = 'REMOVE'
     ),
     dropped AS (
       DELETE FROM relation_tag rt USING input i
       WHERE rt.relation_id = i.relation_id
         AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.relation_id = rt.relation_id AND w.tag_id = rt.tag_id)
     ),
     personal AS (
       UPDATE guide_customer gc SET personal_tags = p.tags
       FROM (SELECT relation_id, ARRAY(SELECT jsonb_array_elements_text(personal_tags)) AS tags
             FROM input WHERE personal_tags IS NOT NULL) p
       WHERE gc.id = p.relation_id AND gc.personal_tags IS DISTINCT FROM p.tags
     )
     INSERT INTO relation_tag (relation_id, tag_id) SELECT relation_id, tag_id FROM wanted ON CONFLICT DO NOTHING`,
    [JSON.stringify(input), trustSince],
  );
}
