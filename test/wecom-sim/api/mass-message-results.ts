import { z } from 'zod';
import { WecomError } from '../errors';
import { massProgress } from '../actions/mass-message-progress';
import type { SimMassMessage } from '../state';
import { pageOf, parseBody, toSeconds } from './common';
import type { ApiContext, ApiRoute } from './common';

/**
 * Mass-message results (API.md §3.5; doc 93338 as copied in handsomegyr/qywechat GroupMsg.php): the record list,
 * per-member tasks and per-customer send results of the tasks add_msg_template creates. Progress changes when a
 * member confirms/sends (mass-message-progress.ts). Oversized limits fall back to the default, as the doc says
 * ("超过最大值时取默认值").
 */

/** "群发任务记录的起止时间间隔不能超过1个月" — taken as 31 days (exact bound UNCONFIRMED, API.md §7). */
const MAX_RANGE_S = 31 * 86_400;

const limitOr = (limit: number | undefined, max: number, fallback: number): number =>
  limit === undefined || limit < 1 || limit > max ? fallback : limit;

/** 41063 for a message still "being dispatched" (window = limits.massMessageDispatchMs, default off). */
function checkDispatched(ctx: ApiContext, msg: SimMassMessage): void {
  if (ctx.now() - msg.createdAt < ctx.limits.massMessageDispatchMs)
    throw new WecomError(41063, `${msg.msgid} is being dispatched`);
}

/** msgid missing → 41046, unknown → 41047 (doc 90313). */
function requireMessage(ctx: ApiContext, msgid: string | undefined): SimMassMessage {
  if (!msgid) throw new WecomError(41046);
  const msg = ctx.state.massMessages.find((m) => m.msgid === msgid);
  if (!msg) throw new WecomError(41047, `msgid ${msgid}`);
  checkDispatched(ctx, msg);
  return msg;
}

const listSchema = z.object({
  chat_type: z.enum(['single', 'group']).optional(),
  start_time: z.number().int().optional(),
  end_time: z.number().int().optional(),
  creator: z.string().optional(),
  filter_type: z.number().int().optional(),
  limit: z.number().int().optional(),
  cursor: z.string().optional(),
});

/**
 * `POST externalcontact/get_groupmsg_list_v2` → `{next_cursor, group_msg_list}`. start_time/end_time required and at
 * most a month apart (40058, errcode UNCONFIRMED); filter_type 0 corp / 1 member / 2 all (default); `creator` is
 * absent for API-created messages. limit ≤100, default 50.
 */
export const getGroupmsgListV2: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(listSchema, body);
    const { start_time: start, end_time: end } = input;
    if (start === undefined || end === undefined)
      throw new WecomError(40058, 'start_time and end_time required');
    if (end < start || end - start > MAX_RANGE_S) throw new WecomError(40058, 'range must be within 1 month');
    const chatType = input.chat_type ?? 'single';
    const filter = input.filter_type ?? 2;
    const msgs = ctx.state.massMessages.filter((m) => {
      const created = toSeconds(m.createdAt);
      const createType = m.createType ?? 0;
      return (
        m.chatType === chatType &&
        created >= start &&
        created <= end &&
        (filter === 2 || filter === createType) &&
        (input.creator === undefined || m.creator === input.creator)
      );
    });
    msgs.forEach((m) => checkDispatched(ctx, m));
    const { page, next } = pageOf(msgs, input.cursor, limitOr(input.limit, 100, 50));
    return {
      next_cursor: next,
      group_msg_list: page.map((m) => ({
        msgid: m.msgid,
        ...(m.creator === undefined ? {} : { creator: m.creator }),
        // The doc example shows "create_time":"xxxx"; we send unix seconds as a number (type UNCONFIRMED).
        create_time: toSeconds(m.createdAt),
        create_type: m.createType ?? 0,
        ...(m.text === null ? {} : { text: { content: m.text } }),
        ...(m.attachments.length === 0 ? {} : { attachments: m.attachments }),
      })),
    };
  },
};

const taskSchema = z.object({
  msgid: z.string().optional(),
  limit: z.number().int().optional(),
  cursor: z.string().optional(),
});

/** `POST externalcontact/get_groupmsg_task` → `{next_cursor, task_list: [{userid, status, send_time}]}`. */
export const getGroupmsgTask: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(taskSchema, body);
    const msg = requireMessage(ctx, input.msgid);
    const { page, next } = pageOf(massProgress(msg).tasks, input.cursor, limitOr(input.limit, 1000, 500));
    return {
      next_cursor: next,
      // "send_time 发送时间，未发送时不返回".
      task_list: page.map((t) => ({
        userid: t.userid,
        status: t.status,
        ...(t.sendTime === null ? {} : { send_time: t.sendTime }),
      })),
    };
  },
};

const resultSchema = taskSchema.extend({ userid: z.string().optional() });

/**
 * `POST externalcontact/get_groupmsg_send_result` → `{next_cursor, send_list}`: external_userid rows for customer
 * sends, chat_id rows for group sends (only rows already sent — "不返回未发送记录"); send_time only when status 1.
 * userid missing → 41009 「缺少userid参数」 (doc 90313; use here UNCONFIRMED).
 */
export const getGroupmsgSendResult: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(resultSchema, body);
    const msg = requireMessage(ctx, input.msgid);
    if (!input.userid) throw new WecomError(41009);
    const rows = massProgress(msg).results.filter(
      (r) => r.userid === input.userid && (msg.chatType === 'single' || r.status !== 0),
    );
    const { page, next } = pageOf(rows, input.cursor, limitOr(input.limit, 1000, 500));
    return {
      next_cursor: next,
      send_list: page.map((r) => ({
        ...(r.externalUserid === undefined ? {} : { external_userid: r.externalUserid }),
        ...(r.chatId === undefined ? {} : { chat_id: r.chatId }),
        userid: r.userid,
        status: r.status,
        ...(r.status === 1 && r.sendTime !== null ? { send_time: r.sendTime } : {}),
      })),
    };
  },
};
