import type { Pool } from 'pg';

/**
 * For each customer, makes exactly one tag of a family (a lifecycle stage, a spend band …) sit on every ACTIVE
 * relation, or none when the tag is null, in one statement for any number of customers. Each real change becomes a
 * PENDING tag_change (superseding an unpushed one for the same tag), like a guide's edit; the push reconciler
 * sends them to WeCom. Returns the relations that changed.
 */
export async function setExclusiveTags(
  pool: Pool,
  family: string[],
  wanted: { customerId: string; tagId: string | null }[],
  source: string,
): Promise<string[]> {
  if (wanted.length === 0 || family.length === 0) return [];
  const { rows } = await pool.query<{ relation_id: string }>(
    `WITH rel AS (
       SELECT gc.id AS relation_id, w.tag_id
       FROM unnest($2::uuid[], $3::uuid[]) AS w(customer_id, tag_id)
       JOIN guide_customer gc ON gc.customer_id = w.customer_id AND gc.status = 'ACTIVE'
     ),
     removed AS (
       DELETE FROM relation_tag rt USING rel
       WHERE rt.relation_id = rel.relation_id AND rt.tag_id = ANY($1::uuid[])
         AND rt.tag_id IS DISTINCT FROM rel.tag_id
       RETURNING rt.relation_id, rt.tag_id
     ),
     added AS (
       INSERT INTO relation_tag (relation_id, tag_id)
       SELECT relation_id, tag_id FROM rel WHERE tag_id IS NOT NULL
       ON CONFLICT DO NOTHING RETURNING relation_id, tag_id
     ),
     changed AS (
       SELECT relation_id, tag_id, 'REMOVE'::tag_op AS op FROM removed
       UNION ALL SELECT relation_id, tag_id, 'ADD'::tag_op FROM added
     ),
     superseded AS (
       UPDATE tag_change tc SET status = 'SUPERSEDED', updated_at = now() FROM changed c
       WHERE tc.relation_id = c.relation_id AND tc.tag_id = c.tag_id AND tc.status = 'PENDING'
     )
     INSERT INTO tag_change (id, relation_id, tag_id, op, source, updated_at)
     SELECT gen_random_uuid(), relation_id, tag_id, op, $4, now() FROM changed
     RETURNING relation_id`,
    [family, wanted.map((w) => w.customerId), wanted.map((w) => w.tagId), source],
  );
  return [...new Set(rows.map((r) => r.relation_id))];
}
