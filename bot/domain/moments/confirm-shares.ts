import type { DomainDeps } from '../deps';

/** How long after a guide tapped share their post may show up, and how far WeCom's clock may run behind ours. */
const SHARE_TO_POST = { before: '10 minutes', after: '2 days' } as const;

/**
 * Confirms sidebar shares from WeCom's record: a guide's own post (create_type 1) whose text is a library item's
 * text (blanks aside: the client may trim or wrap it) posted within two days of the guide sharing that item is
 * that share, made. The post is then the item's: its kind is the item's (kind_source library, which later syncs
 * keep) and the share is confirmed. The client's share callback is never read: a guide who cancels posts nothing.
 */
export async function confirmShares(
  { pool }: Pick<DomainDeps, 'pool'>,
  momentIds: readonly string[],
): Promise<number> {
  if (momentIds.length === 0) return 0;
  const { rowCount } = await pool.query(
    `WITH matched AS (
       SELECT DISTINCT ON (p.id) p.id AS post_id, s.id AS share_id, i.id AS item_id, i.kind
       FROM moment_post p
       JOIN moment_share s ON s.guide_id = p.guide_id AND s.post_id IS NULL
         AND s.shared_at <= p.posted_at + interval '${SHARE_TO_POST.before}'
         AND s.shared_at >= p.posted_at - interval '${SHARE_TO_POST.after}'
       JOIN moment_library_item i ON i.id = s.item_id
       WHERE p.moment_id = ANY($1::text[]) AND p.library_item_id IS NULL AND p.create_type = 1
         AND regexp_replace(p.text, '\\s+', '', 'g') = regexp_replace(i.text, '\\s+', '', 'g')
       ORDER BY p.id, s.shared_at DESC
     ), shares AS (
       UPDATE moment_share s SET post_id = m.post_id, confirmed_at = now()
       FROM matched m WHERE s.id = m.share_id AND s.post_id IS NULL
       RETURNING s.post_id
     )
     UPDATE moment_post p SET library_item_id = m.item_id, kind = m.kind, kind_source = 'library', updated_at = now()
     FROM matched m WHERE p.id = m.post_id AND p.id IN (SELECT post_id FROM shares)`,
    [momentIds],
  );
  return rowCount ?? 0;
}
