import type { Pool } from 'pg';
import type { FollowInfo } from '../../wecom/api/external-contact';
import { reconcileRelationTags } from '../tags/reconcile-relation-tags';

export interface FollowSnapshot {
  guideId: string;
  customerId: string;
  follow: FollowInfo;
  /** Personal tags (type 2, names only) when WeCom said: externalcontact/get lists them, batch/get_by_user not. */
  personalTags?: string[];
}

/**
 * Applies WeCom's current view of many guide–customer relations (follow_user / follow_info), their tags
 * included, in two statements. A relation we saw deleted stays deleted unless WeCom's add time is newer than the
 * deletion: follow_user can lag a deletion (API.md §5 gotcha 9), while a real re-add carries a new createtime.
 * With `fetchedAt` (when WeCom's view was asked for), our tag pushes WeCom accepted since then count too.
 * Returns each relation's id, keyed by `relationKey(guideId, customerId)`.
 */
export async function writeFollowSnapshots(
  pool: Pool,
  snapshots: FollowSnapshot[],
  fetchedAt?: Date,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  // One row per relation (a statement may not update a row twice), in key order against deadlocks.
  const unique = [...new Map(snapshots.map((s) => [relationKey(s.guideId, s.customerId), s])).entries()].sort(
    ([a], [b]) => (a < b ? -1 : 1),
  );
  if (unique.length === 0) return ids;
  const isReAdded = `gc.status <> 'ACTIVE' AND excluded.added_at IS NOT NULL
    AND (gc.last_event_at IS NULL OR excluded.added_at > gc.last_event_at)`;
  const { rows } = await pool.query<{ id: string; guide_id: string; customer_id: string }>(
    `INSERT INTO guide_customer AS gc (id, guide_id, customer_id, remark, description, remark_corp_name,
       remark_mobiles, added_at, add_way, state, oper_userid, wecom_tag_ids, personal_tags, updated_at)
     SELECT gen_random_uuid(), x.guide_id, x.customer_id, x.remark, x.description, x.remark_corp_name,
       ARRAY(SELECT jsonb_array_elements_text(x.remark_mobiles)), x.added_at, x.add_way, x.state, x.oper_userid,
       ARRAY(SELECT jsonb_array_elements_text(x.wecom_tag_ids)),
       ARRAY(SELECT jsonb_array_elements_text(coalesce(x.personal_tags, '[]'::jsonb))), now()
     FROM jsonb_to_recordset($1::jsonb) AS x(guide_id uuid, customer_id uuid, remark text, description text,
       remark_corp_name text, remark_mobiles jsonb, added_at timestamptz, add_way int, state text,
       oper_userid text, wecom_tag_ids jsonb, personal_tags jsonb)
     ON CONFLICT (guide_id, customer_id) DO UPDATE SET remark = excluded.remark,
       description = excluded.description, remark_corp_name = excluded.remark_corp_name,
       remark_mobiles = excluded.remark_mobiles, added_at = excluded.added_at, add_way = excluded.add_way,
       state = excluded.state, oper_userid = excluded.oper_userid, wecom_tag_ids = excluded.wecom_tag_ids,
       status = CASE WHEN ${isReAdded} THEN 'ACTIVE'::relation_status ELSE gc.status END,
       status_changed_at = CASE WHEN ${isReAdded} THEN now() ELSE gc.status_changed_at END,
       delete_source = CASE WHEN ${isReAdded} THEN NULL ELSE gc.delete_source END,
       updated_at = now()
     RETURNING gc.id, gc.guide_id, gc.customer_id`,
    [JSON.stringify(unique.map(([, s]) => snapshotRow(s)))],
  );
  for (const row of rows) ids.set(relationKey(row.guide_id, row.customer_id), row.id);
  await reconcileRelationTags(
    pool,
    unique.flatMap(([key, s]) => {
      const relationId = ids.get(key);
      return relationId
        ? [{ relationId, wecomTagIds: s.follow.tag_id ?? [], personalTags: s.personalTags }]
        : [];
    }),
    fetchedAt,
  );
  return ids;
}

export const relationKey = (guideId: string, customerId: string): string => `${guideId}:${customerId}`;

/** Our columns from WeCom's follow_info: empty strings are "not given". */
function snapshotRow({ guideId, customerId, follow: f, personalTags }: FollowSnapshot) {
  return {
    guide_id: guideId,
    customer_id: customerId,
    remark: f.remark || undefined,
    description: f.description || undefined,
    remark_corp_name: f.remark_corp_name || undefined,
    // WeCom clears a list with [""] (API.md §3.2): an empty string is no number.
    remark_mobiles: (f.remark_mobiles ?? []).filter((m) => m !== ''),
    added_at: f.createtime ? new Date(f.createtime * 1000).toISOString() : undefined,
    add_way: f.add_way ?? undefined,
    state: f.state || undefined,
    oper_userid: f.oper_userid || undefined,
    wecom_tag_ids: f.tag_id ?? [],
    personal_tags: personalTags,
  };
}
