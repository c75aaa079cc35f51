import type { GroupMember } from '../../http/contract/groups';
import type { DomainDeps } from '../deps';
import type { Actor } from '../access/actor';
import { decodeIdCursor, encodeIdCursor } from '../paging/keyset-cursor';
import { type LoadedGroup, findGroupById } from './find-group';
import { groupAudienceSql } from './group-audience-sql';
import { SqlParams } from '../../db';

export type GroupMemberRow = GroupMember;

export interface GroupMemberPage {
  members: GroupMemberRow[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 500;

/**
 * One page of a group's members, ordered by relation id with keyset pagination (`after` = the cursor of the last
 * relation seen): each page is an index range, not an OFFSET that rescans every earlier page, and rows added or
 * removed meanwhile never shift a member into a page twice or out of both.
 */
export async function listGroupMembers(
  { db, pool }: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  groupId: string,
  page: { after?: string; limit: number },
  now = new Date(),
): Promise<GroupMemberPage> {
  return listLoadedGroupMembers({ pool }, await findGroupById({ db }, groupId), actor, page, now);
}

/** The same page for a group already loaded (exports page through a group without reloading it). */
export async function listLoadedGroupMembers(
  { pool }: Pick<DomainDeps, 'pool'>,
  group: LoadedGroup,
  actor: Actor,
  page: { after?: string; limit: number },
  now: Date,
): Promise<GroupMemberPage> {
  const query = groupMembersPageQuery(group, actor, page, now);
  const { rows } = await pool.query<MemberSqlRow>(query.text, query.values);
  const limit = query.limit;
  const members = rows.slice(0, limit).map((r) => ({
    relationId: r.relation_id,
    customerName: r.customer_name,
    externalUserid: r.external_userid,
    guideName: r.guide_name,
    guideUserid: r.guide_userid,
    storeName: r.store_name,
    lifecycleStage: r.lifecycle_stage,
    spendCents: Number(r.spend_cents),
  }));
  const last = members[members.length - 1];
  return { members, nextCursor: rows.length > limit && last ? encodeIdCursor(last.relationId) : null };
}

interface MemberSqlRow {
  relation_id: string;
  customer_name: string;
  external_userid: string;
  guide_name: string;
  guide_userid: string;
  store_name: string | null;
  lifecycle_stage: string | null;
  spend_cents: string;
}

/** A page's statement (the benchmark EXPLAINs it); it asks for one row more than `limit` to know if more follow. */
export function groupMembersPageQuery(
  group: LoadedGroup,
  actor: Actor,
  page: { after?: string; limit: number },
  now: Date,
): { text: string; values: unknown[]; limit: number } {
  const after = page.after === undefined ? undefined : decodeIdCursor(page.after);
  const limit = Math.min(Math.max(1, page.limit), MAX_PAGE_SIZE);
  const params = new SqlParams();
  const audience = groupAudienceSql(group, actor, params, now);
  const cursor = after ? `AND gc.id > ${params.add(after, 'uuid')}` : '';
  const text = `SELECT gc.id AS relation_id, c.name AS customer_name, c.external_userid, g.name AS guide_name,
            g.userid AS guide_userid, s.name AS store_name, c.lifecycle_stage, c.spend_cents
     FROM ${audience.from}
     JOIN guide g ON g.id = gc.guide_id
     LEFT JOIN store s ON s.id = g.store_id
     WHERE ${audience.where} ${cursor}
     ORDER BY gc.id
     LIMIT ${params.add(limit + 1, 'int')}`;
  return { text, values: params.values, limit };
}

/** Every member the actor can see, page by page, for exports: memory stays one page whatever the group's size. */
export async function* streamGroupMembers(
  deps: Pick<DomainDeps, 'pool'>,
  group: LoadedGroup,
  actor: Actor,
  now = new Date(),
): AsyncGenerator<GroupMemberRow> {
  let after: string | undefined;
  for (;;) {
    const page = await listLoadedGroupMembers(deps, group, actor, { after, limit: MAX_PAGE_SIZE }, now);
    yield* page.members;
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}
