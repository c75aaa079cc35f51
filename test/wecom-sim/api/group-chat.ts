import { z } from 'zod';
import { WecomError } from '../errors';
import type { SimGroupChat, SimGroupChatMember } from '../state';
import { pageOf, parseBody } from './common';
import type { ApiRoute } from './common';

/**
 * 客户群 (customer group) reads: groupchat/list (doc 92120) and groupchat/get (doc 92122). Field names from the doc
 * copies in handsomegyr/qywechat GroupChat.php and zsmhub/workweixin (cursor paging, need_name, invitor,
 * group_nickname, unionid, admin_list). Groups change through group-chat-actions.ts, which also builds the
 * change_external_chat callbacks.
 */

const listSchema = z.object({
  status_filter: z.number().int().optional(),
  owner_filter: z.object({ userid_list: z.array(z.string()).optional() }).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
});

/**
 * `POST externalcontact/groupchat/list` → `{group_chat_list: [{chat_id, status}], next_cursor}`. limit is required,
 * 1..1000, and owner_filter.userid_list holds at most 100 ids (both → 40058, errcode UNCONFIRMED). status_filter
 * 1–3 select groups of resigned owners: nobody resigns in the simulator, so those lists are empty. Dismissed groups
 * are not listed (UNCONFIRMED).
 */
export const groupChatList: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(listSchema, body);
    if (input.limit === undefined || input.limit < 1 || input.limit > 1000)
      throw new WecomError(40058, 'limit must be 1..1000');
    const owners = input.owner_filter?.userid_list ?? [];
    if (owners.length > 100) throw new WecomError(40058, 'owner_filter.userid_list > 100');
    const status = input.status_filter ?? 0;
    const chats = ctx.state.groupChats.filter(
      (c) => status === 0 && c.status === 'active' && (owners.length === 0 || owners.includes(c.owner)),
    );
    const { page, next } = pageOf(chats, input.cursor, input.limit);
    return { group_chat_list: page.map((c) => ({ chat_id: c.chatId, status: 0 })), next_cursor: next };
  },
};

function presentMember(member: SimGroupChatMember, withName: boolean): Record<string, unknown> {
  return {
    userid: member.userid,
    type: member.type,
    join_time: member.joinTime,
    join_scene: member.joinScene,
    // "目前仅当是由本企业内部成员邀请入群时会返回该值".
    ...(member.invitor === undefined ? {} : { invitor: { userid: member.invitor } }),
    group_nickname: member.groupNickname,
    ...(withName ? { name: member.name } : {}),
    ...(member.type === 2 && member.unionid !== undefined ? { unionid: member.unionid } : {}),
  };
}

export function presentGroupChat(chat: SimGroupChat, withName: boolean): Record<string, unknown> {
  return {
    chat_id: chat.chatId,
    name: chat.name,
    owner: chat.owner,
    create_time: chat.createTime,
    notice: chat.notice,
    member_list: chat.members.map((m) => presentMember(m, withName)),
    admin_list: chat.adminList.map((userid) => ({ userid })),
    member_version: chat.memberVersion,
  };
}

const getSchema = z.object({ chat_id: z.string().optional(), need_name: z.number().int().optional() });

/**
 * `POST externalcontact/groupchat/get` → `{group_chat: {...}}`; member names only with need_name=1. Unknown chat_id
 * → 40050 「chatid不存在」 and a dismissed group → 49008 「群已经解散」 (doc 90313 meanings; that this API uses them is
 * UNCONFIRMED); chat_id missing → 40058 (UNCONFIRMED).
 */
export const groupChatGet: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(getSchema, body);
    if (!input.chat_id) throw new WecomError(40058, 'chat_id missing');
    const chat = ctx.state.groupChats.find((c) => c.chatId === input.chat_id);
    if (!chat) throw new WecomError(40050, `chat_id ${input.chat_id}`);
    if (chat.status === 'dismissed') throw new WecomError(49008, `chat_id ${input.chat_id}`);
    return { group_chat: presentGroupChat(chat, input.need_name === 1) };
  },
};
