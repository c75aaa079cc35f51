import type { WecomClient } from '../client';

/** groupchat/get member_list row (doc 92122): type 1 a corp member, 2 an external contact. */
export interface GroupChatMember {
  userid: string;
  type: number;
  /** Unix seconds. */
  join_time: number;
  /** 1 invited directly, 2 by invite link, 3 by the group QR code. */
  join_scene?: number;
  invitor?: { userid: string };
  group_nickname?: string;
  name?: string;
  unionid?: string;
}

export interface GroupChat {
  chat_id: string;
  name?: string;
  /** The member who owns the group. */
  owner: string;
  create_time?: number;
  notice?: string;
  member_list: GroupChatMember[];
  admin_list?: { userid: string }[];
  member_version?: string;
}

/**
 * externalcontact/groupchat/get: a customer group's owner and members. 40050 for an unknown chat and 49008 for a
 * dismissed one are final; callbacks name the chat only, so this is how we learn who joined when.
 */
export async function getGroupChat(client: WecomClient, chatId: string): Promise<GroupChat> {
  const reply = await client.post<{ group_chat: Omit<GroupChat, 'member_list'> & Partial<GroupChat> }>(
    'externalcontact/groupchat/get',
    { chat_id: chatId, need_name: 0 },
  );
  return { ...reply.group_chat, member_list: reply.group_chat.member_list ?? [] };
}
