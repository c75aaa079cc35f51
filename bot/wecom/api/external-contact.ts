import type { WecomClient } from '../client';

/** externalcontact/get → external_contact (API.md §3.2). */
export interface ExternalContactProfile {
  external_userid: string;
  name: string;
  type: number;
  gender?: number;
  avatar?: string;
  unionid?: string;
  position?: string;
  corp_name?: string;
  corp_full_name?: string;
  external_profile?: unknown;
}

export interface FollowUserTag {
  group_name?: string;
  tag_name?: string;
  tag_id?: string;
  /** 1 corp tag, 2 personal tag (no tag_id), 3 rule-group tag. */
  type: number;
}

export interface FollowUser {
  userid: string;
  remark?: string;
  description?: string;
  createtime?: number;
  tags?: FollowUserTag[];
  remark_corp_name?: string;
  remark_mobiles?: string[];
  oper_userid?: string;
  add_way?: number;
  state?: string;
}

/** batch/get_by_user's follow_info: the same as follow_user but with tag ids only. */
export type FollowInfo = Omit<FollowUser, 'tags'> & { tag_id?: string[] };

export interface ExternalContactDetail {
  external_contact: ExternalContactProfile;
  follow_user: FollowUser[];
}

/** Members who have 客户联系 enabled: the guides. */
export async function getFollowUserList(client: WecomClient): Promise<string[]> {
  const reply = await client.get<{ follow_user?: string[] }>('externalcontact/get_follow_user_list');
  return reply.follow_user ?? [];
}

/** A customer's profile and every follow_user, following next_cursor (pages of 500 follow users). */
export async function getExternalContact(
  client: WecomClient,
  externalUserid: string,
): Promise<ExternalContactDetail> {
  const followUser: FollowUser[] = [];
  let cursor: string | undefined;
  let contact: ExternalContactProfile;
  do {
    const page = await client.get<ExternalContactDetail & { next_cursor?: string }>('externalcontact/get', {
      external_userid: externalUserid,
      cursor,
    });
    contact = page.external_contact;
    followUser.push(...(page.follow_user ?? []));
    cursor = page.next_cursor || undefined;
  } while (cursor);
  return { external_contact: contact, follow_user: followUser };
}

export interface BatchContactsPage {
  external_contact_list: { external_contact: ExternalContactProfile; follow_info: FollowInfo }[];
  next_cursor?: string;
}

/** One page of batch/get_by_user: at most 100 userids and 100 rows a call (API.md §3.2). */
export async function batchGetByUser(
  client: WecomClient,
  useridList: string[],
  cursor: string | undefined,
  limit = 100,
): Promise<BatchContactsPage> {
  const reply = await client.post<Partial<BatchContactsPage>>('externalcontact/batch/get_by_user', {
    userid_list: useridList,
    cursor: cursor ?? '',
    limit,
  });
  return {
    external_contact_list: reply.external_contact_list ?? [],
    next_cursor: reply.next_cursor || undefined,
  };
}

export interface WelcomeMessage {
  welcome_code: string;
  text?: { content: string };
  /** image / link / miniprogram / video / file, as API.md §3.3 lists them; at most 9. */
  attachments?: unknown[];
}

/** send_welcome_msg: only within 20 s of the add event, once per code (41050 expired, 41051 already used). */
export async function sendWelcomeMsg(client: WecomClient, message: WelcomeMessage): Promise<void> {
  await client.post('externalcontact/send_welcome_msg', message);
}

/**
 * externalcontact/remark (doc 92115): a member's remark on one of their customers. WeCom's limits, in characters:
 * remark ≤20, description ≤150 (remark_company ≤20, for WeChat-user customers only). At least one of the optional
 * fields must be given; a field left out is left as it is. No edit_external_contact callback follows an API write.
 */
export interface RemarkRequest {
  userid: string;
  external_userid: string;
  remark?: string;
  description?: string;
  remark_company?: string;
  /** Replaces the whole list; `[""]` clears it (doc 92115: "fill in an empty string"). */
  remark_mobiles?: string[];
  remark_pic_mediaid?: string;
}

export const REMARK_MAX_CHARS = { remark: 20, description: 150, remark_company: 20 } as const;

/** Errors: 60111 unknown member, 40096 unknown external_userid, 84061 no relation (deleted, or a half add). */
export async function remarkExternalContact(client: WecomClient, request: RemarkRequest): Promise<void> {
  await client.post('externalcontact/remark', request);
}
