import type { DomainDeps } from '../deps';
import { type Actor, relationScopeSql } from '../access/actor';
import { badRequest } from '../../errors';
import { type LoadedGroup, findGroupById } from './find-group';
import { SqlParams } from '../../db';

/** Members named by relation id, or by the guide's userid and the customer's external_userid. */
export interface MemberRefs {
  relationIds?: string[];
  pairs?: { guideUserid: string; externalUserid: string }[];
}

export interface AddedMembers {
  added: number;
  alreadyMembers: number;
  /** References that name no ACTIVE relation the actor may see, as given. */
  notFound: string[];
}

/**
 * Adds relations to a LIST group in one statement. Only relations the actor may see and that are ACTIVE are
 * added; the rest are reported, not fatal, because a list pasted from a spreadsheet is often partly stale.
 */
export async function addListMembers(
  { db, pool }: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  groupId: string,
  refs: MemberRefs,
): Promise<AddedMembers> {
  const group = assertList(await findGroupById({ db }, groupId));
  const params = new SqlParams();
  const match = matchSql(refs, params);
  const scope = relationScopeSql(actor, params);
  const { rows } = await pool.query<{
    id: string;
    userid: string;
    external_userid: string;
    inserted: boolean;
  }>(
    `WITH resolved AS (
       SELECT gc.id, g.userid, c.external_userid
       FROM guide_customer gc JOIN guide g ON g.id = gc.guide_id JOIN customer c ON c.id = gc.customer_id
       WHERE gc.status = 'ACTIVE' AND ${match} AND (${scope})
     ), ins AS (
       INSERT INTO customer_group_member (group_id, relation_id)
       SELECT ${params.add(group.id, 'uuid')}, id FROM resolved
       ON CONFLICT DO NOTHING
       RETURNING relation_id
     )
     SELECT r.id, r.userid, r.external_userid, (i.relation_id IS NOT NULL) AS inserted
     FROM resolved r LEFT JOIN ins i ON i.relation_id = r.id`,
    params.values,
  );
  const foundIds = new Set(rows.map((r) => r.id));
  const foundPairs = new Set(rows.map((r) => `${r.userid}/${r.external_userid}`));
  const added = rows.filter((r) => r.inserted).length;
  return {
    added,
    alreadyMembers: rows.length - added,
    notFound: [
      ...(refs.relationIds ?? []).filter((id) => !foundIds.has(id)),
      ...(refs.pairs ?? [])
        .map((p) => `${p.guideUserid}/${p.externalUserid}`)
        .filter((key) => !foundPairs.has(key)),
    ],
  };
}

/** Removes relations from a LIST group; those that were not members (or not the actor's) are left alone. */
export async function removeListMembers(
  { db, pool }: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  groupId: string,
  refs: MemberRefs,
): Promise<{ removed: number }> {
  const group = assertList(await findGroupById({ db }, groupId));
  const params = new SqlParams();
  const match = matchSql(refs, params);
  const scope = relationScopeSql(actor, params);
  const { rowCount } = await pool.query(
    `DELETE FROM customer_group_member m
     USING guide_customer gc JOIN guide g ON g.id = gc.guide_id JOIN customer c ON c.id = gc.customer_id
     WHERE m.group_id = ${params.add(group.id, 'uuid')} AND m.relation_id = gc.id AND ${match} AND (${scope})`,
    params.values,
  );
  return { removed: rowCount ?? 0 };
}

function assertList(group: LoadedGroup): LoadedGroup {
  if (group.kind !== 'LIST') {
    throw badRequest('not_a_list_group', `group ${group.id} is a RULE group: its members follow its rule`);
  }
  return group;
}

/** Relations (gc, g = guide, c = customer) named by id or by (guide userid, external_userid). */
function matchSql(refs: MemberRefs, params: SqlParams): string {
  const ids = refs.relationIds ?? [];
  const pairs = refs.pairs ?? [];
  return `(gc.id = ANY(${params.add(ids, 'uuid[]')})
           OR (g.userid, c.external_userid) IN (
             SELECT * FROM unnest(${params.add(
               pairs.map((p) => p.guideUserid),
               'text[]',
             )}, ${params.add(
               pairs.map((p) => p.externalUserid),
               'text[]',
             )})))`;
}
