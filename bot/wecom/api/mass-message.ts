import type { WecomClient } from '../client';

/** Text and attachments as add_msg_template takes them (API.md §3.5: text ≤4000 bytes, ≤9 attachments). */
export interface MassMessageContent {
  text?: string;
  /** image / link / miniprogram / video / file, in WeCom's shapes (the same as send_welcome_msg's). */
  attachments?: unknown[];
}

/** add_msg_template answers at most this many external_userid per task (API.md §3.5). */
export const MAX_TASK_RECIPIENTS = 10_000;

export interface CreatedMassTask {
  msgid: string;
  /** external_userids WeCom will not send to (not this member's customer, or unreachable). */
  failList: string[];
}

/**
 * add_msg_template for one member's customers (chat_type single): a task the member confirms in the client;
 * nothing is sent before that.
 */
export async function addMsgTemplate(
  client: WecomClient,
  task: { sender: string; externalUserids: string[]; content: MassMessageContent },
): Promise<CreatedMassTask> {
  const { text, attachments } = task.content;
  const reply = await client.post<{ msgid?: string; fail_list?: string[] }>(
    'externalcontact/add_msg_template',
    {
      chat_type: 'single',
      external_userid: task.externalUserids,
      sender: task.sender,
      ...(text ? { text: { content: text } } : {}),
      ...(attachments && attachments.length > 0 ? { attachments } : {}),
    },
  );
  return { msgid: reply.msgid ?? '', failList: reply.fail_list ?? [] };
}

/** get_groupmsg_task row: 0 not sent, 1 confirmed, 2 sent; send_time only once sent. */
export interface MassTask {
  userid: string;
  status: number;
  send_time?: number;
}

/** get_groupmsg_send_result row: 0 not sent, 1 sent, 2 not a friend, 3 the customer's receive quota was used. */
export interface MassSendResult {
  external_userid?: string;
  chat_id?: string;
  userid: string;
  status: number;
  send_time?: number;
}

/** Every member task of a mass message, following next_cursor. 41063 while WeCom is still dispatching it. */
export async function getGroupmsgTasks(client: WecomClient, msgid: string): Promise<MassTask[]> {
  const tasks: MassTask[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.post<{ task_list?: MassTask[]; next_cursor?: string }>(
      'externalcontact/get_groupmsg_task',
      { msgid, limit: 1000, ...(cursor ? { cursor } : {}) },
    );
    tasks.push(...(page.task_list ?? []));
    cursor = page.next_cursor || undefined;
  } while (cursor);
  return tasks;
}

/** Every per-customer result of one member's task, following next_cursor (pages of up to 1,000). */
export async function getGroupmsgSendResults(
  client: WecomClient,
  msgid: string,
  userid: string,
): Promise<MassSendResult[]> {
  const rows: MassSendResult[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.post<{ send_list?: MassSendResult[]; next_cursor?: string }>(
      'externalcontact/get_groupmsg_send_result',
      { msgid, userid, limit: 1000, ...(cursor ? { cursor } : {}) },
    );
    rows.push(...(page.send_list ?? []));
    cursor = page.next_cursor || undefined;
  } while (cursor);
  return rows;
}
