import type { DomainDeps } from '../deps';
import type { Actor } from './actor';

/** Who, besides WeCom's department leaders and the guides, has a role: from configuration. */
export interface AccessPolicy {
  hqUserids: readonly string[];
  /** Store managers named by the corp, by their store's WeCom department. */
  storeManagers: ReadonlyArray<{ userid: string; wecomDeptId: number }>;
}

/** A signed-in member's role, with what the sidebar shows of them. */
export interface StaffIdentity {
  actor: Actor;
  /** The guide's name when they are a guide too; null when we know only the userid. */
  name: string | null;
  store: { id: string; name: string } | null;
}

interface Row {
  guide_id: string | null;
  guide_name: string | null;
  is_active: boolean | null;
  guide_store_id: string | null;
  guide_store_name: string | null;
  managed_store_id: string | null;
  managed_store_name: string | null;
}

/**
 * Everything the role needs in one prepared statement: it runs on every sidebar request, where Prisma's
 * per-query compile (README "Notes on performance") made three lookups cost about 30 ms; this is one indexed
 * round trip. The managed store: a configured one first, else one the member leads (the GIN index on
 * leader_userids), the lowest department id when several.
 */
const RESOLVE_SQL = `
  SELECT g.id AS guide_id, g.name AS guide_name, g.is_active,
         gs.id AS guide_store_id, gs.name AS guide_store_name,
         m.id AS managed_store_id, m.name AS managed_store_name
  FROM (SELECT 1) AS one
  LEFT JOIN guide g ON g.userid = $1
  LEFT JOIN store gs ON gs.id = g.store_id
  LEFT JOIN LATERAL (
    SELECT s.id, s.name FROM store s
    WHERE s.wecom_dept_id = ANY($2::int[]) OR s.leader_userids @> ARRAY[$1]::text[]
    ORDER BY (s.wecom_dept_id = ANY($2::int[])) DESC, s.wecom_dept_id
    LIMIT 1
  ) m ON TRUE`;

/**
 * The role of a WeCom member, read afresh from the database on every request, so that a guide deactivated or a
 * store changing leaders takes effect at once: HQ (configured) first, then store manager (a leader of the
 * store's department, or configured), then guide (an active guide row: only members with 客户联系 get one).
 * Null for anyone else: a member of the corp with no access to the sidebar. A leader of several stores manages
 * the configured one, else the one with the lowest department id (one store per actor).
 */
export async function resolveActor(
  deps: Pick<DomainDeps, 'pool'>,
  policy: AccessPolicy,
  userid: string,
): Promise<StaffIdentity | null> {
  const configured = policy.storeManagers.filter((m) => m.userid === userid).map((m) => m.wecomDeptId);
  const { rows } = await deps.pool.query<Row>({
    name: 'resolve-actor',
    text: RESOLVE_SQL,
    values: [userid, configured],
  });
  const row = rows[0];
  const name = row?.guide_name ?? null;
  if (policy.hqUserids.includes(userid)) return { actor: { kind: 'hq', label: userid }, name, store: null };
  if (row?.managed_store_id && row.managed_store_name !== null) {
    const store = { id: row.managed_store_id, name: row.managed_store_name };
    return { actor: { kind: 'store_manager', userid, storeId: store.id }, name, store };
  }
  if (row?.guide_id && row.is_active) {
    const store =
      row.guide_store_id && row.guide_store_name !== null
        ? { id: row.guide_store_id, name: row.guide_store_name }
        : null;
    return { actor: { kind: 'guide', userid, guideId: row.guide_id }, name, store };
  }
  return null;
}
