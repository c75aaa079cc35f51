import { DEMO_CORP } from './demo/demo-corp';
import type { SimClientSession } from './client/client-types';
import type { DemoCorp } from './demo/demo-types';
import { pairKey, relationIndex } from './relation-index';
import type {
  SimAttachment,
  SimContactWay,
  SimGroupChat,
  SimMassReceipt,
  SimMassSendResult,
  SimMassTask,
  SimMoment,
  SimMomentTask,
  SimPersonalTag,
  SimStrategy,
} from './state-types';

export type {
  SimAttachment,
  SimConclusions,
  SimContactWay,
  SimGroupChat,
  SimGroupChatMember,
  SimMassReceipt,
  SimMassSendResult,
  SimMassTask,
  SimMoment,
  SimMomentReaction,
  SimMomentTask,
  SimPersonalTag,
  SimStrategy,
} from './state-types';

/** Everything the simulated WeCom knows, in memory. Tests may read and mutate it directly. */

export type SimCorp = Pick<
  DemoCorp,
  'corpId' | 'corpName' | 'corpSecret' | 'agentId' | 'token' | 'encodingAesKey'
>;

export interface SimDepartment {
  id: number;
  name: string;
  parentid: number;
  order: number;
  /** 部门负责人 userids (absent = none). */
  leaders?: string[];
}

export interface SimMember {
  userid: string;
  name: string;
  department: number[];
  mainDepartment: number;
  position: string;
  hasCustomerContact: boolean;
}

export interface SimCustomer {
  externalUserid: string;
  name: string;
  type: 1 | 2;
  gender: 0 | 1 | 2;
  avatar: string;
  unionid?: string;
}

/**
 * A member ↔ customer relation. `half` = add_half_external_contact not yet reciprocated; `customer_deleted` =
 * del_follow_user (one-way: the member still has the customer, API.md §2.2); `guide_deleted` = del_external_contact.
 */
export type SimRelationStatus = 'active' | 'half' | 'customer_deleted' | 'guide_deleted';

export interface SimRelation {
  userid: string;
  externalUserid: string;
  remark: string;
  description: string;
  /** Unix seconds. */
  createtime: number;
  addWay: number;
  state?: string;
  operUserid: string;
  remarkCorpName: string;
  remarkMobiles: string[];
  /** Corp tag ids and rule-group tag ids (types 1 and 3 of follow_user.tags). */
  tagIds: string[];
  /** Type 2 tags the member made in the client (no tag_id); absent = none. */
  personalTags?: SimPersonalTag[];
  status: SimRelationStatus;
}

/**
 * `createdBy` = agentid of the app that made the tag through add_corp_tag; absent = made in the admin console (or
 * seeded). An app may only edit/delete the tags it created (doc 92117: 「应用仅能编辑和删除本应用创建的标签」).
 */
export interface SimTag {
  id: string;
  name: string;
  createTime: number;
  order: number;
  deleted: boolean;
  createdBy?: number;
}

export interface SimTagGroup {
  groupId: string;
  groupName: string;
  createTime: number;
  order: number;
  deleted: boolean;
  tags: SimTag[];
  createdBy?: number;
}

/** A tag group inside a 规则组: returned by get_strategy_tag_list, never by get_corp_tag_list (doc 94882). */
export interface SimStrategyTagGroup extends SimTagGroup {
  strategyId: number;
}

export interface SimAccessToken {
  issuedAt: number;
  /** Sim-clock ms. */
  expiresAt: number;
  /** Forced state set by expireTokens()/invalidateTokens(); null = judge by expiresAt. */
  forced: 'expired' | 'invalid' | null;
}

export interface SimWelcomeCode {
  code: string;
  userid: string;
  externalUserid: string;
  issuedAt: number;
  usedAt: number | null;
}

export interface SimOauthCode {
  code: string;
  /** The member; null for someone outside the corp (getuserinfo then answers openid / external_userid). */
  userid: string | null;
  openid?: string;
  externalUserid?: string;
  issuedAt: number;
  usedAt: number | null;
}

export interface SimTicket {
  ticket: string;
  type: 'jsapi' | 'agent_config';
  issuedAt: number;
  expiresAt: number;
}

export interface SimWelcomeMessage {
  welcomeCode: string;
  userid: string;
  externalUserid: string;
  text: string | null;
  attachments: unknown[];
  sentAt: number;
}

export interface SimMassMessage {
  msgid: string;
  chatType: 'single' | 'group';
  sender: string | null;
  /** (member, customer) pairs the task was created for; nothing is sent until the member confirms. */
  targets: Array<{ userid: string; externalUserid: string }>;
  chatIds: string[];
  failList: string[];
  text: string | null;
  attachments: unknown[];
  createdAt: number;
  /** Absent for API-created messages (get_groupmsg_list_v2 leaves `creator` out for them, doc 93338). */
  creator?: string;
  /** 0 = created by the corp (API/console), 1 = by a member. Absent = 0. */
  createType?: 0 | 1;
  /** Per-member progress; filled in on first use (see mass-message-progress.ts). */
  tasks?: SimMassTask[];
  results?: SimMassSendResult[];
}

export interface SimAppMessage {
  msgid: string;
  msgtype: string;
  /** Valid recipients that actually got it. */
  deliveredTo: string[];
  /** Valid recipients whose copy WeCom dropped silently (30/min, 1000/hour per member). */
  droppedFor: string[];
  invalidUsers: string[];
  body: Record<string, unknown>;
  sentAt: number;
}

export interface SimState {
  corp: SimCorp;
  departments: SimDepartment[];
  members: Map<string, SimMember>;
  customers: Map<string, SimCustomer>;
  relations: SimRelation[];
  tagGroups: SimTagGroup[];
  accessTokens: Map<string, SimAccessToken>;
  welcomeCodes: Map<string, SimWelcomeCode>;
  oauthCodes: Map<string, SimOauthCode>;
  tickets: Map<string, SimTicket>;
  welcomeMessages: SimWelcomeMessage[];
  massMessages: SimMassMessage[];
  appMessages: SimAppMessage[];
  contactWays: SimContactWay[];
  strategies: SimStrategy[];
  strategyTagGroups: SimStrategyTagGroup[];
  groupChats: SimGroupChat[];
  massReceipts: SimMassReceipt[];
  /** Moments posts (客户朋友圈) of every member, oldest first. */
  moments: SimMoment[];
  /** media/upload_attachment files, by media_id. */
  attachments: Map<string, SimAttachment>;
  /** add_moment_task jobs, by jobid. */
  momentTasks: Map<string, SimMomentTask>;
  /**
   * The app's trusted domain (可信域名, set in the admin console): OAuth's redirect_uri must be on it exactly, and
   * JS-SDK pages on it or a subdomain (API.md §3.8, §4.1). Ports are not part of a domain.
   */
  trustedDomain: string;
  /** Simulated WeCom clients that opened the sidebar (client/), by session id. */
  clientSessions: Map<string, SimClientSession>;
}

/** Builds fresh, independent state from seed data (deep copy: tests can mutate without touching DEMO_CORP). */
export function createSimState(seed: DemoCorp = DEMO_CORP): SimState {
  const copy = structuredClone(seed);
  const relations: SimRelation[] = copy.customers.flatMap((customer) =>
    customer.follows.map((follow) => ({
      userid: follow.userid,
      externalUserid: customer.externalUserid,
      remark: follow.remark,
      description: follow.description,
      createtime: follow.createtime,
      addWay: follow.addWay,
      ...(follow.state === undefined ? {} : { state: follow.state }),
      operUserid: follow.userid,
      remarkCorpName: '',
      remarkMobiles: [],
      tagIds: [...follow.tagIds],
      ...(follow.personalTags
        ? { personalTags: follow.personalTags.map((tagName) => ({ groupName: '', tagName })) }
        : {}),
      status: 'active' as const,
    })),
  );
  return {
    corp: {
      corpId: copy.corpId,
      corpName: copy.corpName,
      corpSecret: copy.corpSecret,
      agentId: copy.agentId,
      token: copy.token,
      encodingAesKey: copy.encodingAesKey,
    },
    departments: copy.departments,
    members: new Map(copy.members.map((member) => [member.userid, member])),
    customers: new Map(copy.customers.map((customer) => [customer.externalUserid, toSimCustomer(customer)])),
    relations,
    tagGroups: copy.tagGroups.map((group) => ({
      ...group,
      deleted: false,
      tags: group.tags.map((tag) => ({ ...tag, deleted: false })),
    })),
    accessTokens: new Map(),
    welcomeCodes: new Map(),
    oauthCodes: new Map(),
    tickets: new Map(),
    welcomeMessages: [],
    massMessages: [],
    appMessages: [],
    contactWays: [],
    strategies: copy.strategies ?? [],
    strategyTagGroups: (copy.strategyTagGroups ?? []).map((group) => ({
      ...group,
      deleted: false,
      tags: group.tags.map((tag) => ({ ...tag, deleted: false })),
    })),
    groupChats: [],
    massReceipts: [],
    moments: [],
    attachments: new Map(),
    momentTasks: new Map(),
    trustedDomain: '127.0.0.1',
    clientSessions: new Map(),
  };
}

function toSimCustomer(customer: DemoCorp['customers'][number]): SimCustomer {
  const { externalUserid, name, type, gender, avatar, unionid } = customer;
  return { externalUserid, name, type, gender, avatar, ...(unionid === undefined ? {} : { unionid }) };
}

/** Relations an API caller can see: everything but relations the member deleted. */
export function isListedRelation(relation: SimRelation): boolean {
  return relation.status !== 'guide_deleted';
}

export function findRelation(
  state: SimState,
  userid: string,
  externalUserid: string,
): SimRelation | undefined {
  return relationIndex(state).byPair.get(pairKey(userid, externalUserid));
}

/** Live corp tag by id, with its group. */
export function findTag(state: SimState, tagId: string): { group: SimTagGroup; tag: SimTag } | undefined {
  for (const group of state.tagGroups) {
    if (group.deleted) continue;
    const tag = group.tags.find((t) => t.id === tagId && !t.deleted);
    if (tag) return { group, tag };
  }
  return undefined;
}

/** JSON-friendly copy of the state (Maps become arrays) for the admin API. */
export function snapshotState(state: SimState): Record<string, unknown> {
  return {
    corp: { corpId: state.corp.corpId, corpName: state.corp.corpName, agentId: state.corp.agentId },
    departments: state.departments,
    members: [...state.members.values()],
    customers: [...state.customers.values()],
    relations: state.relations,
    tagGroups: state.tagGroups,
    welcomeCodes: [...state.welcomeCodes.values()],
    welcomeMessages: state.welcomeMessages,
    massMessages: state.massMessages,
    appMessages: state.appMessages,
    contactWays: state.contactWays,
    strategies: state.strategies,
    strategyTagGroups: state.strategyTagGroups,
    groupChats: state.groupChats,
    massReceipts: state.massReceipts,
  };
}
