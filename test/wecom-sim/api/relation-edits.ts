import { z } from 'zod';
import { findCustomerTag } from '../actions/customer-tags';
import { ERRCODE_NOT_APP_CREATED, WecomError } from '../errors';
import { findRelation } from '../state';
import type { SimRelation, SimState } from '../state';
import { charLength, parseBody } from './common';
import type { ApiRoute } from './common';
import { requireMember } from './directory';

/**
 * API edits of a member ↔ customer relation. Like every API write, they produce no edit_external_contact callback
 * (API.md §1.1, §5 gotcha 8): the bot must update its own copy.
 */

/**
 * The relation an API may edit: unknown member 60111, unknown customer 40096, and 84061 when there is no usable
 * relation — the member deleted the customer, or an add_half was not reciprocated yet (API.md §3.11).
 */
function requireEditableRelation(state: SimState, userid: string, externalUserid: string): SimRelation {
  requireMember(state, userid);
  if (!state.customers.has(externalUserid)) throw new WecomError(40096, externalUserid);
  const relation = findRelation(state, userid, externalUserid);
  if (!relation || relation.status === 'guide_deleted' || relation.status === 'half') {
    throw new WecomError(84061, `${userid} ↔ ${externalUserid}`);
  }
  return relation;
}

function isOwnStrategy(state: SimState, group: { strategyId: number }): boolean {
  const strategy = state.strategies.find((s) => s.strategyId === group.strategyId);
  return strategy?.createdBy === state.corp.agentId;
}

const markSchema = z.object({
  userid: z.string(),
  external_userid: z.string(),
  add_tag: z.array(z.string()).optional(),
  remove_tag: z.array(z.string()).optional(),
});

/**
 * `POST externalcontact/mark_tag`: add_tag/remove_tag not both empty (40058); any unknown or deleted tag id → 40068.
 * Any corp tag may be used, whoever created it (doc 92118 restricts only by member visibility). A rule-group tag
 * needs its 规则组 to be created by the same app (doc 92118) — our app creates none, so console-made rule-group tags
 * answer ERRCODE_NOT_APP_CREATED (errcode UNCONFIRMED). Personal tags have no id and cannot be set through the API.
 */
export const markTag: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(markSchema, body);
    const add = input.add_tag ?? [];
    const remove = input.remove_tag ?? [];
    if (add.length === 0 && remove.length === 0)
      throw new WecomError(40058, 'add_tag and remove_tag both empty');
    requireMember(ctx.state, input.userid);
    if (!ctx.state.customers.has(input.external_userid)) throw new WecomError(40096, input.external_userid);
    const refs = [...add, ...remove].map((id) => ({ id, ref: findCustomerTag(ctx.state, id) }));
    const unknown = refs.find((r) => !r.ref);
    if (unknown) throw new WecomError(40068, `tag ${unknown.id}`);
    const foreign = refs.find((r) => r.ref?.kind === 'strategy' && !isOwnStrategy(ctx.state, r.ref.group));
    if (foreign) throw new WecomError(ERRCODE_NOT_APP_CREATED, `rule-group tag ${foreign.id} of another app`);
    const relation = requireEditableRelation(ctx.state, input.userid, input.external_userid);
    const next = relation.tagIds.filter((id) => !remove.includes(id));
    for (const id of add) if (!next.includes(id)) next.push(id);
    relation.tagIds = next;
    return {};
  },
};

const remarkSchema = z.object({
  userid: z.string(),
  external_userid: z.string(),
  remark: z.string().optional(),
  description: z.string().optional(),
  remark_company: z.string().optional(),
  remark_mobiles: z.array(z.string()).optional(),
  remark_pic_mediaid: z.string().optional(),
});

/** Doc 92115 (and its 代开发 copy 96317, 2025/11/17): remark ≤20 characters, description ≤150, remark_company ≤20. */
const REMARK_LIMITS = { remark: 20, description: 150, remark_company: 20 } as const;

/**
 * `POST externalcontact/remark` (API.md §3.2, doc 92115): userid and external_userid name the relation; at least one
 * of remark, description, remark_company, remark_mobiles, remark_pic_mediaid (40058 otherwise); remark_mobiles
 * replaces the list. A field past its documented length answers 40058 (the doc states the limits, not the errcode:
 * UNCONFIRMED). An empty string sets the field empty (the doc does not say; UNCONFIRMED). Checks run before any
 * change, so a refused call changes nothing. Like every API write, no edit_external_contact callback follows.
 */
export const remark: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(remarkSchema, body);
    const { remark: text, description, remark_company, remark_mobiles, remark_pic_mediaid } = input;
    if (
      [text, description, remark_company, remark_mobiles, remark_pic_mediaid].every((v) => v === undefined)
    ) {
      throw new WecomError(40058, 'nothing to change');
    }
    for (const [field, max] of Object.entries(REMARK_LIMITS)) {
      const value = input[field as keyof typeof REMARK_LIMITS];
      if (value !== undefined && charLength(value) > max) {
        throw new WecomError(40058, `${field} exceeds ${max} characters`);
      }
    }
    const relation = requireEditableRelation(ctx.state, input.userid, input.external_userid);
    if (text !== undefined) relation.remark = text;
    if (description !== undefined) relation.description = description;
    if (remark_company !== undefined) relation.remarkCorpName = remark_company;
    // "Fill in an empty string to clear" (UNCONFIRMED shape): [""] clears the list.
    if (remark_mobiles !== undefined) relation.remarkMobiles = remark_mobiles.filter((m) => m !== '');
    return {};
  },
};
