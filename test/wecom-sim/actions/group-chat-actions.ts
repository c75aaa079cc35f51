import { randomBytes } from 'node:crypto';
import { newExternalUserid } from './customer-actions';
import type { ActionOutcome } from './customer-actions';
import { buildExternalChatEventXml } from '../event-xml';
import type { ExternalChatEventInput } from '../event-xml';
import type { SimGroupChat, SimGroupChatMember, SimState } from '../state';

/**
 * What happens in WeCom when guides and customers use 客户群 (customer groups) in their apps: state changes and the
 * change_external_chat callback (API.md §2.3). Misuse (unknown group, owner leaving) throws: a test bug.
 */

/** How someone got into the group: 直接邀请, 邀请链接 or 扫描群二维码. */
export type GroupJoinHow = 'invite' | 'link' | 'qrcode';

/**
 * The two numberings differ: groupchat/get join_scene is 1 invite / 2 link / 3 QR (doc 92122), the callback's
 * JoinScene is 0 for any member invitation (direct or link) and 3 for the QR code (API.md §2.3).
 */
const GET_SCENE = { invite: 1, link: 2, qrcode: 3 } as const;
const EVENT_SCENE = { invite: 0, link: 0, qrcode: 3 } as const;

const memberVersion = (): string => randomBytes(16).toString('hex');

/** Customer-group ids look like `wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA` (doc example): `wr` + 28 chars. */
const newChatId = (): string => `wr${randomBytes(21).toString('base64url').slice(0, 28)}`;

function chatEvent(
  state: SimState,
  now: number,
  input: Omit<ExternalChatEventInput, 'corpId' | 'createTime'>,
) {
  return buildExternalChatEventXml({
    corpId: state.corp.corpId,
    createTime: Math.floor(now / 1000),
    ...input,
  });
}

function requireChat(state: SimState, chatId: string): SimGroupChat {
  const chat = state.groupChats.find((c) => c.chatId === chatId && c.status === 'active');
  if (!chat) throw new Error(`wecom-sim: no active customer group ${chatId}`);
  return chat;
}

/** A group member record for a corp member (type 1) or an external contact (type 2). */
function newMember(state: SimState, id: string, joined: number, how: GroupJoinHow, invitor?: string) {
  const member = state.members.get(id);
  const customer = state.customers.get(id);
  if (!member && !customer) throw new Error(`wecom-sim: ${id} is neither a member nor a known customer`);
  const record: SimGroupChatMember = {
    userid: id,
    type: member ? 1 : 2,
    joinTime: joined,
    joinScene: GET_SCENE[how],
    ...(how === 'qrcode' || invitor === undefined ? {} : { invitor }),
    groupNickname: '',
    name: member?.name ?? customer?.name ?? '',
    ...(customer?.unionid === undefined || member ? {} : { unionid: customer.unionid }),
  };
  return record;
}

export interface CreateGroupChatInput {
  /** Group owner: a member with 客户联系. */
  owner: string;
  name?: string;
  notice?: string;
  /** Member userids or known external_userids invited at creation. */
  members?: string[];
  admins?: string[];
}

/** A guide creates a customer group → change_external_chat create (the payload carries only ChatId). */
export function createGroupChatInState(
  state: SimState,
  input: CreateGroupChatInput,
  now: number,
): ActionOutcome & { chatId: string } {
  const owner = state.members.get(input.owner);
  if (!owner?.hasCustomerContact) throw new Error(`wecom-sim: ${input.owner} cannot own a customer group`);
  const created = Math.floor(now / 1000);
  const ids = [input.owner, ...(input.members ?? []).filter((id) => id !== input.owner)];
  const chat: SimGroupChat = {
    chatId: newChatId(),
    name: input.name ?? '',
    owner: input.owner,
    createTime: created,
    notice: input.notice ?? '',
    adminList: input.admins ?? [],
    members: ids.map((id, i) => newMember(state, id, created, 'invite', i === 0 ? undefined : input.owner)),
    status: 'active',
    memberVersion: memberVersion(),
  };
  state.groupChats.push(chat);
  return { chatId: chat.chatId, xml: chatEvent(state, now, { chatId: chat.chatId, changeType: 'create' }) };
}

export interface JoinGroupChatInput {
  /** Who joins: a member userid or an external_userid. Default: a new WeChat user (becomes a known customer). */
  id?: string;
  /** Name of the new WeChat user when no id is given. */
  name?: string;
  /** Default 'invite'. */
  how?: GroupJoinHow;
  /** Inviting member for invite/link (default: the owner); ignored for the QR code. */
  invitor?: string;
}

/** Someone joins → change_external_chat update add_member with JoinScene, MemChangeCnt/List and member versions. */
export function joinGroupChatInState(
  state: SimState,
  chatId: string,
  input: JoinGroupChatInput,
  now: number,
): ActionOutcome & { memberId: string } {
  const chat = requireChat(state, chatId);
  const how = input.how ?? 'invite';
  const id = input.id ?? newExternalUserid();
  if (!input.id) {
    const unionid = `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
    const avatar = `http://wx.qlogo.cn/mmhead/${randomBytes(24).toString('base64url')}/0`;
    state.customers.set(id, {
      externalUserid: id,
      name: input.name ?? '群成员',
      type: 1,
      gender: 0,
      avatar,
      unionid,
    });
  }
  if (chat.members.some((m) => m.userid === id)) throw new Error(`wecom-sim: ${id} is already in ${chatId}`);
  chat.members.push(newMember(state, id, Math.floor(now / 1000), how, input.invitor ?? chat.owner));
  const last = chat.memberVersion;
  chat.memberVersion = memberVersion();
  const xml = chatEvent(state, now, {
    chatId,
    changeType: 'update',
    updateDetail: 'add_member',
    joinScene: EVENT_SCENE[how],
    memChangeCnt: 1,
    memChangeList: [id],
    lastMemVer: last,
    curMemVer: chat.memberVersion,
  });
  return { memberId: id, xml };
}

/**
 * Someone leaves (QuitScene 0) or is removed by the owner/an admin (QuitScene 1) → update del_member. The owner
 * cannot leave without handing the group over, which the simulator does not model.
 */
export function leaveGroupChatInState(
  state: SimState,
  chatId: string,
  memberId: string,
  options: { removed?: boolean },
  now: number,
): ActionOutcome {
  const chat = requireChat(state, chatId);
  if (memberId === chat.owner)
    throw new Error('wecom-sim: the owner cannot leave; dismiss the group instead');
  if (!chat.members.some((m) => m.userid === memberId))
    throw new Error(`wecom-sim: ${memberId} not in ${chatId}`);
  chat.members = chat.members.filter((m) => m.userid !== memberId);
  const last = chat.memberVersion;
  chat.memberVersion = memberVersion();
  const xml = chatEvent(state, now, {
    chatId,
    changeType: 'update',
    updateDetail: 'del_member',
    quitScene: options.removed ? 1 : 0,
    memChangeCnt: 1,
    memChangeList: [memberId],
    lastMemVer: last,
    curMemVer: chat.memberVersion,
  });
  return { xml };
}

/** The owner dismisses the group → change_external_chat dismiss; groupchat/get answers 49008 afterwards. */
export function dismissGroupChatInState(state: SimState, chatId: string, now: number): ActionOutcome {
  requireChat(state, chatId).status = 'dismissed';
  return { xml: chatEvent(state, now, { chatId, changeType: 'dismiss' }) };
}
