import { randomBytes } from 'node:crypto';
import { buildExternalContactEventXml } from '../event-xml';
import type { ExternalContactChangeType } from '../event-xml';
import { findCustomerTag } from './customer-tags';
import { findRelation, isListedRelation } from '../state';
import type { SimCorp, SimRelation, SimState } from '../state';

/**
 * What happens inside WeCom when customers and guides act in their apps: state changes exactly as WeCom's would,
 * and the decrypted callback XML WeCom would send (API.md §2.2). Delivery is the server's job.
 * Misuse (unknown guide, missing relation) throws: it is a bug in the test, not a WeCom behaviour.
 */

export interface AddCustomerInput {
  /** The guide (member) the customer adds. */
  userid: string;
  name?: string;
  /** Reuse an existing customer (e.g. one already following another guide); default: a new customer. */
  externalUserid?: string;
  /** The 「联系我」 config's state, e.g. store_qr_01. */
  state?: string;
  /** Default true. False = no WelcomeCode in the event (console-configured welcome, chat already started …). */
  withWelcomeCode?: boolean;
  /** add_half_external_contact: the customer added the guide without verification (API.md §2.2). */
  halfAdd?: boolean;
  /** Default: deliver when a callback URL is set. */
  deliver?: boolean;
  gender?: 0 | 1 | 2;
  avatar?: string;
  unionid?: string;
  /** Default 1 (扫描二维码). */
  addWay?: number;
}

export interface ActionOutcome {
  xml: string;
}

const NEW_CUSTOMER_NAMES = [
  '林晓雨',
  '何欣怡',
  '罗子涵',
  '高思远',
  '梁静怡',
  '宋佳宁',
  '唐诗雨',
  '韩梦琪',
  '冯子轩',
];
let nameCursor = 0;

const base64url = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** WeChat-user external ids start with `wm` (WeCom users: `wo`), ~30 chars in total. */
export const newExternalUserid = (): string => `wm${base64url(21).slice(0, 28)}`;

function eventXml(
  corp: SimCorp,
  now: number,
  changeType: ExternalContactChangeType,
  relation: SimRelation,
  extra: {
    state?: string;
    welcomeCode?: string;
  } = {},
): string {
  return buildExternalContactEventXml({
    corpId: corp.corpId,
    createTime: Math.floor(now / 1000),
    changeType,
    userId: relation.userid,
    externalUserId: relation.externalUserid,
    ...extra,
  });
}

export function addCustomerToState(
  state: SimState,
  input: AddCustomerInput,
  now: number,
): ActionOutcome & { externalUserid: string; welcomeCode: string | null } {
  const member = state.members.get(input.userid);
  if (!member) throw new Error(`wecom-sim: no member ${input.userid}`);
  if (!member.hasCustomerContact) throw new Error(`wecom-sim: ${input.userid} has no 客户联系 permission`);
  const externalUserid = input.externalUserid ?? newExternalUserid();
  if (!state.customers.has(externalUserid)) {
    const name = input.name ?? NEW_CUSTOMER_NAMES[nameCursor++ % NEW_CUSTOMER_NAMES.length] ?? '顾客';
    state.customers.set(externalUserid, {
      externalUserid,
      name,
      type: 1,
      gender: input.gender ?? 0,
      avatar: input.avatar ?? `http://wx.qlogo.cn/mmhead/${base64url(24)}/0`,
      unionid: input.unionid ?? `o${base64url(21).slice(0, 27)}`,
    });
  }
  const fresh: SimRelation = {
    userid: input.userid,
    externalUserid,
    remark: '',
    description: '',
    createtime: Math.floor(now / 1000),
    addWay: input.addWay ?? 1,
    ...(input.state === undefined ? {} : { state: input.state }),
    operUserid: input.halfAdd ? externalUserid : input.userid,
    remarkCorpName: '',
    remarkMobiles: [],
    tagIds: [],
    status: input.halfAdd ? 'half' : 'active',
  };
  const existing = findRelation(state, input.userid, externalUserid);
  let relation = fresh;
  if (!existing) state.relations.push(fresh);
  else {
    // A one-way relation survives the customer's deletion (remark, tags kept); after the guide deleted it, re-adding
    // starts from scratch.
    const { remark, description, tagIds, remarkCorpName, remarkMobiles } = existing;
    const kept =
      existing.status === 'guide_deleted'
        ? {}
        : { remark, description, tagIds, remarkCorpName, remarkMobiles };
    const startsOver = existing.status === 'guide_deleted';
    Object.assign(existing, fresh, kept);
    if (startsOver) delete existing.personalTags;
    if (input.state === undefined) delete existing.state;
    relation = existing;
  }
  let welcomeCode: string | null = null;
  if (input.withWelcomeCode !== false) {
    welcomeCode = base64url(32).slice(0, 43);
    state.welcomeCodes.set(welcomeCode, {
      code: welcomeCode,
      userid: input.userid,
      externalUserid,
      issuedAt: now,
      usedAt: null,
    });
  }
  const changeType = input.halfAdd ? 'add_half_external_contact' : 'add_external_contact';
  const xml = eventXml(state.corp, now, changeType, relation, {
    ...(input.state === undefined ? {} : { state: input.state }),
    ...(welcomeCode === null ? {} : { welcomeCode }),
  });
  return { xml, externalUserid, welcomeCode };
}

function requireListedRelation(state: SimState, userid: string, externalUserid: string): SimRelation {
  const relation = findRelation(state, userid, externalUserid);
  if (!relation || !isListedRelation(relation)) {
    throw new Error(`wecom-sim: ${userid} has no relation with ${externalUserid}`);
  }
  return relation;
}

/** The guide deletes the customer → del_external_contact; the relation leaves every API answer. */
export function guideDeletesCustomerInState(
  state: SimState,
  userid: string,
  externalUserid: string,
  now: number,
): ActionOutcome {
  const relation = requireListedRelation(state, userid, externalUserid);
  relation.status = 'guide_deleted';
  return { xml: eventXml(state.corp, now, 'del_external_contact', relation) };
}

/** The customer deletes the guide → del_follow_user; the one-way relation remains visible to the guide. */
export function customerDeletesGuideInState(
  state: SimState,
  userid: string,
  externalUserid: string,
  now: number,
): ActionOutcome {
  const relation = requireListedRelation(state, userid, externalUserid);
  relation.status = 'customer_deleted';
  return { xml: eventXml(state.corp, now, 'del_follow_user', relation) };
}

/** Tag changes a guide makes on a customer in the WeCom client. */
export interface CustomerTagPatch {
  /** Corp or rule-group tag ids. */
  addTags?: string[];
  removeTags?: string[];
  /** Personal (type 2) tag names; they have no id. */
  addPersonalTags?: string[];
  removePersonalTags?: string[];
}

export interface CustomerEditPatch extends CustomerTagPatch {
  remark?: string;
  description?: string;
}

/**
 * The guide edits remark/description/tags (corp, rule-group or personal) in the WeCom client →
 * edit_external_contact. API edits (mark_tag, remark) never get here: they produce no callback (API.md §1.1).
 */
export function editCustomerInState(
  state: SimState,
  userid: string,
  externalUserid: string,
  patch: CustomerEditPatch,
  now: number,
): ActionOutcome {
  const relation = requireListedRelation(state, userid, externalUserid);
  const unknown = [...(patch.addTags ?? []), ...(patch.removeTags ?? [])].find(
    (id) => !findCustomerTag(state, id),
  );
  if (unknown !== undefined) throw new Error(`wecom-sim: no corp or rule-group tag ${unknown}`);
  if (patch.remark !== undefined) relation.remark = patch.remark;
  if (patch.description !== undefined) relation.description = patch.description;
  const tags = relation.tagIds.filter((id) => !(patch.removeTags ?? []).includes(id));
  for (const id of patch.addTags ?? []) if (!tags.includes(id)) tags.push(id);
  relation.tagIds = tags;
  if (patch.addPersonalTags || patch.removePersonalTags) {
    const removed = new Set(patch.removePersonalTags ?? []);
    const personal = (relation.personalTags ?? []).filter((t) => !removed.has(t.tagName));
    for (const name of patch.addPersonalTags ?? [])
      if (!personal.some((t) => t.tagName === name)) personal.push({ groupName: '', tagName: name });
    relation.personalTags = personal;
  }
  return { xml: eventXml(state.corp, now, 'edit_external_contact', relation) };
}

/** Seeds a relation's personal tags without any callback (test setup, not a user action). */
export function setPersonalTagsInState(
  state: SimState,
  userid: string,
  externalUserid: string,
  tagNames: string[],
): void {
  const relation = requireListedRelation(state, userid, externalUserid);
  relation.personalTags = [...new Set(tagNames)].map((tagName) => ({ groupName: '', tagName }));
}
