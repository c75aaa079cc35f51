import { SqlParams } from '../../db';
import { notFound } from '../../errors';
import type { TimelineKind } from '../../http/contract/timeline';
import { type Actor, relationScopeSql } from '../access/actor';
import type { DomainDeps } from '../deps';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../paging/keyset-cursor';
import { type TimelineRow, timelineText } from './timeline-text';

export interface TimelineEntry {
  id: string;
  kind: TimelineKind;
  at: Date;
  title: string;
  detail: string | null;
}

export interface TimelinePage {
  items: TimelineEntry[];
  nextCursor: string | null;
}

/**
 * The relation's history (客户轨迹), newest first, in keyset pages: added (with its channel), welcomed,
 * deleted, tag changes we made (tag_change rows, except those WeCom refused), the customer's orders,
 * interactions, and follow-ups done. Two queries: the relation within the actor's scope (else a 404), then one
 * UNION ALL in which every source reads at most a page from its own index ((guide, customer, time) for
 * interactions, (customer, time) for orders, the relation for tag changes), so a page costs the same however long
 * the history. The sort key is (time, a uuid per item); a deletion shares its relation's id, so it sorts by a
 * uuid derived from it, keeping every key unique and the keyset exact.
 */
export async function listRelationTimeline(
  { pool }: Pick<DomainDeps, 'pool'>,
  actor: Actor,
  relationId: string,
  page: { after?: string; limit: number },
): Promise<TimelinePage> {
  const after = page.after ? decodeTimeIdCursor(page.after) : null;
  const scope = new SqlParams();
  const id = scope.add(relationId, 'uuid');
  const found = await pool.query<{ guide_userid: string; external_userid: string }>(
    `SELECT g.userid AS guide_userid, c.external_userid
     FROM guide_customer gc JOIN guide g ON g.id = gc.guide_id JOIN customer c ON c.id = gc.customer_id
     WHERE gc.id = ${id} AND ${relationScopeSql(actor, scope)}`,
    scope.values,
  );
  const relation = found.rows[0];
  if (!relation) throw notFound('relation_not_found', `no customer relation ${relationId}`);

  const p = new SqlParams();
  const rel = p.add(relationId, 'uuid');
  const guide = p.add(relation.guide_userid);
  const customer = p.add(relation.external_userid);
  const limit = p.add(page.limit + 1, 'int');
  const [atParam, idParam] = after ? [p.add(after.at, 'timestamptz'), p.add(after.id, 'uuid')] : [];
  const before = (at: string, sid: string) => (after ? `AND (${at}, ${sid}) < (${atParam}, ${idParam})` : '');
  const branch = (select: string, at: string, sid: string, from: string) =>
    `(SELECT ${select}, ${at} AS at, ${sid} AS sid FROM ${from} ${before(at, sid)}
      ORDER BY ${at} DESC, ${sid} DESC LIMIT ${limit})`;
  const deletedSid = `md5(gc.id::text || ':deleted')::uuid`;
  const { rows } = await pool.query<TimelineRow & { at: Date; sid: string }>(
    `WITH r AS (SELECT gc.id, gc.guide_id, gc.customer_id FROM guide_customer gc WHERE gc.id = ${rel})
     SELECT * FROM (
       ${branch(
         `'added' AS kind, gc.id::text AS ref, cw.name AS a, NULL AS b, NULL AS c, gc.add_way::bigint AS n`,
         'coalesce(gc.added_at, gc.created_at)',
         'gc.id',
         `guide_customer gc LEFT JOIN contact_way cw ON cw.id = gc.contact_way_id WHERE gc.id = ${rel}`,
       )}
       UNION ALL
       ${branch(
         `'deleted', gc.id::text, gc.status::text, gc.delete_source, NULL, NULL::bigint`,
         'gc.status_changed_at',
         deletedSid,
         `guide_customer gc WHERE gc.id = ${rel} AND gc.status <> 'ACTIVE'`,
       )}
       UNION ALL
       ${branch(
         `'welcomed', w.id::text, NULL, NULL, NULL, NULL::bigint`,
         'w.sent_at',
         'w.id',
         `welcome_message w WHERE w.external_userid = ${customer} AND w.guide_userid = ${guide}
            AND w.status = 'SENT' AND w.sent_at IS NOT NULL`,
       )}
       UNION ALL
       ${branch(
         // A member's change names them (source is their userid; automatic ones name a rule, timeline-text.ts).
         `CASE tc.op WHEN 'ADD' THEN 'tag_added' ELSE 'tag_removed' END, tc.id::text, t.name,
          CASE WHEN who.name IS NULL OR who.name = '' THEN tc.source ELSE 'member:' || who.name END,
          tc.status::text, NULL::bigint`,
         'tc.created_at',
         'tc.id',
         `tag_change tc JOIN tag t ON t.id = tc.tag_id LEFT JOIN guide who ON who.userid = tc.source
            WHERE tc.relation_id = ${rel} AND tc.status <> 'FAILED'`,
       )}
       UNION ALL
       ${branch(
         `'order', o.id::text, o.order_no,
          (SELECT string_agg(i->>'name', '、') FROM jsonb_array_elements(
             CASE WHEN jsonb_typeof(o.items) = 'array' THEN o.items ELSE '[]'::jsonb END) i),
          NULL, o.amount_cents::bigint`,
         'o.purchased_at',
         'o.id',
         `"order" o WHERE o.customer_id = (SELECT customer_id FROM r)`,
       )}
       UNION ALL
       ${branch(
         // A follow-up marked done is also an interaction (FOLLOW_UP_DONE): shown once, as the follow-up.
         `'interaction', i.id::text, i.source::text, NULL, NULL, NULL::bigint`,
         'i.occurred_at',
         'i.id',
         `interaction i WHERE i.guide_id = (SELECT guide_id FROM r) AND i.customer_id = (SELECT customer_id FROM r)
            AND i.source <> 'FOLLOW_UP_DONE'`,
       )}
       UNION ALL
       ${branch(
         `'follow_up_done', f.id::text, f.kind::text, f.title, NULL, NULL::bigint`,
         'f.closed_at',
         'f.id',
         `follow_up f WHERE f.guide_id = (SELECT guide_id FROM r) AND f.customer_id = (SELECT customer_id FROM r)
            AND f.status = 'DONE' AND f.closed_at IS NOT NULL`,
       )}
     ) items
     ORDER BY at DESC, sid DESC
     LIMIT ${limit}`,
    p.values,
  );
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({
      id: `${row.kind}:${row.ref}`,
      kind: row.kind,
      at: row.at,
      ...timelineText(row),
    })),
    nextCursor: rows.length > page.limit && last ? encodeTimeIdCursor(last.at, last.sid) : null,
  };
}
