import { z } from 'zod';
import { WecomError } from '../errors';
import { findCustomerTag, presentFollowTags } from '../actions/customer-tags';
import { isListedRelation } from '../state';
import type { SimCustomer, SimRelation, SimState } from '../state';
import { relationsOfCustomer, relationsOfMember } from '../relation-index';
import { decodeCursor, encodeCursor, parseBody } from './common';
import type { ApiRoute } from './common';
import { requireMember } from './directory';

/** The `external_contact` object of externalcontact/get and batch/get_by_user (API.md §3.2). */
export function presentCustomer(customer: SimCustomer): Record<string, unknown> {
  return {
    external_userid: customer.externalUserid,
    name: customer.name,
    avatar: customer.avatar,
    type: customer.type,
    gender: customer.gender,
    ...(customer.unionid === undefined ? {} : { unionid: customer.unionid }),
  };
}

function presentFollowBase(relation: SimRelation): Record<string, unknown> {
  return {
    userid: relation.userid,
    remark: relation.remark,
    description: relation.description,
    createtime: relation.createtime,
    remark_corp_name: relation.remarkCorpName,
    remark_mobiles: relation.remarkMobiles,
    oper_userid: relation.operUserid,
    add_way: relation.addWay,
    ...(relation.state === undefined ? {} : { state: relation.state }),
  };
}

/** follow_user entry of externalcontact/get: tags carry names and types 1/2/3 (customer-tags.ts). */
function presentFollowUser(state: SimState, relation: SimRelation): Record<string, unknown> {
  return { ...presentFollowBase(relation), tags: presentFollowTags(state, relation) };
}

/**
 * follow_info of batch/get_by_user: tag ids only — corp and rule-group tags; personal tags have no id (doc 92994
 * says tag_id lists 企业标签 ids; whether rule-group ids are included is UNCONFIRMED, they are here).
 */
function presentFollowInfo(state: SimState, relation: SimRelation): Record<string, unknown> {
  return {
    ...presentFollowBase(relation),
    tag_id: relation.tagIds.filter((id) => findCustomerTag(state, id)),
  };
}

/** `GET externalcontact/list?userid`: 60111 unknown member, 84074 member without 客户联系. */
export const externalContactList: ApiRoute = {
  method: 'GET',
  auth: true,
  handler: ({ query, ctx }) => {
    const member = requireMember(ctx.state, query.userid);
    if (!member.hasCustomerContact) throw new WecomError(84074, `${member.userid} has no 客户联系`);
    const ids = relationsOfMember(ctx.state, member.userid)
      .filter(isListedRelation)
      .map((r) => r.externalUserid);
    return { external_userid: ids };
  },
};

/**
 * `GET externalcontact/get?external_userid&cursor`. follow_user lists only relations the member did not delete and
 * pages at 500 with next_cursor (present only when more remain). A customer nobody follows any more answers 84061
 * (our reading of "no relationship"; an id never seen answers 40096).
 */
export const externalContactGet: ApiRoute = {
  method: 'GET',
  auth: true,
  handler: ({ query, ctx }) => {
    const customer = query.external_userid ? ctx.state.customers.get(query.external_userid) : undefined;
    if (!customer) throw new WecomError(40096, query.external_userid ?? 'external_userid empty');
    const relations = relationsOfCustomer(ctx.state, customer.externalUserid).filter(isListedRelation);
    if (relations.length === 0) throw new WecomError(84061, 'no member follows this customer');
    const offset = decodeCursor(query.cursor);
    const pageSize = ctx.limits.followUserPageSize;
    const page = relations.slice(offset, offset + pageSize);
    const hasMore = offset + pageSize < relations.length;
    return {
      external_contact: presentCustomer(customer),
      follow_user: page.map((r) => presentFollowUser(ctx.state, r)),
      ...(hasMore ? { next_cursor: encodeCursor(offset + pageSize) } : {}),
    };
  },
};

const batchSchema = z.object({
  userid_list: z.array(z.string()),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
});

/**
 * `POST externalcontact/batch/get_by_user` (API.md §3.2): one row per (member, customer) relation, in userid_list
 * order. userid_list 1..100 and limit ≤100 (default 50) else 40058. Unknown members or members without 客户联系 in
 * the list are skipped rather than failing the whole call (real behaviour UNCONFIRMED).
 */
export const batchGetByUser: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(batchSchema, body);
    if (input.userid_list.length === 0 || input.userid_list.length > 100) {
      throw new WecomError(40058, 'userid_list must hold 1..100 userids');
    }
    const limit = input.limit === undefined || input.limit === 0 ? 50 : input.limit;
    if (limit < 1 || limit > 100) throw new WecomError(40058, 'limit must be ≤100');
    // Walks the members' relations from the cursor's position: a page costs its own rows, however many the
    // members have (the cursor stays opaque to callers, as WeCom's is).
    const members = [...new Set(input.userid_list)].map((userid) => relationsOfMember(ctx.state, userid));
    let [m, r] = decodeMemberCursor(input.cursor);
    const page: SimRelation[] = [];
    let next = '';
    for (; m < members.length; m += 1, r = 0) {
      const relations = members[m]!;
      for (; r < relations.length; r += 1) {
        if (!isListedRelation(relations[r]!)) continue;
        if (page.length === limit) {
          next = encodeMemberCursor(m, r);
          break;
        }
        page.push(relations[r]!);
      }
      if (next) break;
    }
    return {
      external_contact_list: page.flatMap((relation) => {
        const customer = ctx.state.customers.get(relation.externalUserid);
        return customer
          ? [
              {
                external_contact: presentCustomer(customer),
                follow_info: presentFollowInfo(ctx.state, relation),
              },
            ]
          : [];
      }),
      next_cursor: next,
    };
  },
};

/** batch/get_by_user's cursor: which member of userid_list, and which of its relations, the next page starts at. */
function encodeMemberCursor(member: number, relation: number): string {
  return Buffer.from(`sim:${member}:${relation}`, 'utf8').toString('base64url');
}

function decodeMemberCursor(cursor: string | undefined): [number, number] {
  if (!cursor) return [0, 0];
  const match = /^sim:(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2]) throw new WecomError(40058, 'invalid cursor');
  return [Number(match[1]), Number(match[2])];
}
