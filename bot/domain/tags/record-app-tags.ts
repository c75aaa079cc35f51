import type { Pool, PoolClient } from 'pg';
import type { WecomTagGroup } from '../../wecom/api/corp-tags';

/**
 * Stores what add_corp_tag returned, marked as created by our app (API-made changes produce no callback, so our
 * mirror must learn of them here). A group WeCom reused by name keeps its own created_by_app. Returns the ids of
 * our tag rows, keyed by WeCom tag id.
 */
export async function recordAppTags(
  db: Pool | PoolClient,
  made: WecomTagGroup,
): Promise<Map<string, string>> {
  const seconds = (s: number | undefined) => (s ? new Date(s * 1000) : new Date());
  await db.query(
    `INSERT INTO tag_group (id, wecom_group_id, name, "order", created_by_app, wecom_created_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, true, $4, now())
     ON CONFLICT (wecom_group_id) DO UPDATE SET name = excluded.name, deleted_at = NULL, updated_at = now()`,
    [made.group_id, made.group_name, made.order ?? 0, seconds(made.create_time)],
  );
  const tags = made.tag ?? [];
  const { rows } = await db.query<{ id: string; wecom_tag_id: string }>(
    `INSERT INTO tag (id, wecom_tag_id, group_id, name, "order", created_by_app, wecom_created_at, updated_at)
     SELECT gen_random_uuid(), t.id, tg.id, t.name, t.ord, true, t.created, now()
     FROM unnest($2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) AS t(id, name, ord, created)
     JOIN tag_group tg ON tg.wecom_group_id = $1
     ON CONFLICT (wecom_tag_id) DO UPDATE SET name = excluded.name, created_by_app = true, deleted_at = NULL,
       updated_at = now()
     RETURNING id, wecom_tag_id`,
    [
      made.group_id,
      tags.map((t) => t.id),
      tags.map((t) => t.name),
      tags.map((t) => t.order ?? 0),
      tags.map((t) => seconds(t.create_time)),
    ],
  );
  return new Map(rows.map((r) => [r.wecom_tag_id, r.id]));
}
