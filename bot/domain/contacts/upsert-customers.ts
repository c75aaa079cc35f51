import type { Pool } from 'pg';
import type { ExternalContactProfile } from '../../wecom/api/external-contact';

/**
 * Upserts customers from WeCom's external_contact profiles, and makes sure a row exists for each of `bare` (an
 * add WeCom will not show the profile of: 84061 for a one-way add, 40096 outside the app's visibility; the
 * profile is filled in by a later sync). Two statements for any number of customers. Returns every customer's
 * id by external_userid.
 */
export async function upsertCustomers(
  pool: Pool,
  profiles: ExternalContactProfile[],
  bare: string[] = [],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  // One row per customer (a statement may not update a row twice), in key order so that concurrent batches
  // lock rows in the same order and cannot deadlock.
  const unique = [...new Map(profiles.map((p) => [p.external_userid, p])).values()].sort((a, b) =>
    a.external_userid < b.external_userid ? -1 : 1,
  );
  if (unique.length > 0) {
    const { rows } = await pool.query<{ id: string; external_userid: string }>(
      `INSERT INTO customer AS c (id, external_userid, name, type, gender, avatar, unionid, position, corp_name,
         corp_full_name, external_profile, updated_at)
       SELECT gen_random_uuid(), x.external_userid, x.name, x.type, x.gender, x.avatar, x.unionid, x.position,
         x.corp_name, x.corp_full_name, x.external_profile, now()
       FROM jsonb_to_recordset($1::jsonb) AS x(external_userid text, name text, type int, gender int, avatar text,
         unionid text, position text, corp_name text, corp_full_name text, external_profile jsonb)
       ON CONFLICT (external_userid) DO UPDATE SET name = excluded.name, type = excluded.type,
         gender = excluded.gender, avatar = excluded.avatar, unionid = excluded.unionid,
         position = excluded.position, corp_name = excluded.corp_name, corp_full_name = excluded.corp_full_name,
         external_profile = coalesce(excluded.external_profile, c.external_profile), updated_at = now()
       RETURNING c.id, c.external_userid`,
      [JSON.stringify(unique.map(customerRow))],
    );
    for (const row of rows) ids.set(row.external_userid, row.id);
  }
  const missing = [...new Set(bare)].filter((id) => !ids.has(id)).sort();
  if (missing.length > 0) {
    // The rows this statement inserts are not visible to its own SELECT (one snapshot): hence the UNION.
    const { rows } = await pool.query<{ id: string; external_userid: string }>(
      `WITH inserted AS (
         INSERT INTO customer (id, external_userid, name, updated_at)
         SELECT gen_random_uuid(), e, '', now() FROM unnest($1::text[]) AS e
         ON CONFLICT (external_userid) DO NOTHING RETURNING id, external_userid
       )
       SELECT id, external_userid FROM inserted
       UNION ALL SELECT id, external_userid FROM customer WHERE external_userid = ANY($1::text[])`,
      [missing],
    );
    for (const row of rows) ids.set(row.external_userid, row.id);
  }
  return ids;
}

/** Our columns from WeCom's profile: empty strings are "not given". An absent key reads as NULL in SQL. */
function customerRow(p: ExternalContactProfile): Record<string, unknown> {
  return {
    external_userid: p.external_userid,
    name: p.name ?? '',
    type: p.type ?? 1,
    gender: p.gender ?? 0,
    avatar: p.avatar || undefined,
    unionid: p.unionid || undefined,
    position: p.position || undefined,
    corp_name: p.corp_name || undefined,
    corp_full_name: p.corp_full_name || undefined,
    // Kept as it was when WeCom sends none (Prisma's upsert left it untouched too).
    external_profile: p.external_profile ?? undefined,
  };
}
