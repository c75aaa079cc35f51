import type { SimLimits } from '../api/common';
import { findRelation } from '../state';
import type { SimMassMessage, SimMassSendResult, SimMassTask, SimState } from '../state';

/**
 * What happens after add_msg_template: nothing is sent until each member confirms and sends in the client
 * (API.md §3.5). Tracks get_groupmsg_task rows (0 unsent, 1 confirmed, 2 sent) and get_groupmsg_send_result rows
 * (0 unsent, 1 sent, 2 not a friend, 3 receive quota used up). Mass sends produce no callback.
 */

const HOUR_MS = 3_600_000;

/** The task and result rows of a message, created on first use from the targets add_msg_template chose. */
export function massProgress(msg: SimMassMessage): { tasks: SimMassTask[]; results: SimMassSendResult[] } {
  if (!msg.tasks) {
    const userids =
      msg.chatType === 'group' ? [msg.sender ?? ''] : [...new Set(msg.targets.map((t) => t.userid))];
    msg.tasks = userids.map((userid) => ({ userid, status: 0, sendTime: null }));
  }
  if (!msg.results) {
    // Group sends list no unsent rows: the member has not picked the groups yet (doc 93338).
    msg.results =
      msg.chatType === 'group'
        ? []
        : msg.targets.map((t) => ({
            userid: t.userid,
            externalUserid: t.externalUserid,
            status: 0,
            sendTime: null,
          }));
  }
  return { tasks: msg.tasks, results: msg.results };
}

/** Calendar month in China time (UTC+8), where WeCom's "per month" quota is counted. */
function monthOf(ms: number): { key: string; days: number } {
  const d = new Date(ms + 8 * HOUR_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  return { key: `${year}-${month}`, days: new Date(Date.UTC(year, month + 1, 0)).getUTCDate() };
}

/** True when the receiver already got its monthly quota (default N = days in the month, API.md §3.5). */
export function hasUsedQuota(state: SimState, limits: SimLimits, receiver: string, now: number): boolean {
  const month = monthOf(now);
  const limit = limits.massMessagesPerReceiverPerMonth ?? month.days;
  const received = state.massReceipts.filter(
    (r) => r.receiver === receiver && monthOf(r.at).key === month.key,
  );
  return received.length >= limit;
}

function requireMessage(state: SimState, msgid: string): SimMassMessage {
  const msg = state.massMessages.find((m) => m.msgid === msgid);
  if (!msg) throw new Error(`wecom-sim: no mass message ${msgid}`);
  return msg;
}

function tasksFor(msg: SimMassMessage, userid: string | undefined): SimMassTask[] {
  const tasks = massProgress(msg).tasks.filter((t) => userid === undefined || t.userid === userid);
  if (tasks.length === 0) throw new Error(`wecom-sim: ${userid ?? 'nobody'} has a task in ${msg.msgid}`);
  return tasks;
}

/** The member confirms the task in the client but has not sent yet (task status 1). */
export function confirmMassMessageInState(state: SimState, msgid: string, userid?: string): SimMassTask[] {
  const tasks = tasksFor(requireMessage(state, msgid), userid);
  for (const task of tasks) if (task.status === 0) task.status = 1;
  return tasks;
}

export interface SendMassMessageOptions {
  /** Only this member's task (default: every member of the message). */
  userid?: string;
  /** Customers / chat ids the member deselects (allow_select): their rows stay unsent. */
  skip?: string[];
}

function sendSingle(
  state: SimState,
  limits: SimLimits,
  msg: SimMassMessage,
  task: SimMassTask,
  skip: string[],
  now: number,
) {
  const sentAt = Math.floor(now / 1000);
  for (const row of massProgress(msg).results) {
    if (row.userid !== task.userid || row.status !== 0 || !row.externalUserid) continue;
    if (skip.includes(row.externalUserid)) continue;
    const relation = findRelation(state, task.userid, row.externalUserid);
    const isFriend = relation?.status === 'active';
    if (!isFriend) row.status = 2;
    else if (hasUsedQuota(state, limits, row.externalUserid, now)) row.status = 3;
    else {
      Object.assign(row, { status: 1, sendTime: sentAt });
      state.massReceipts.push({ receiver: row.externalUserid, msgid: msg.msgid, at: now });
    }
  }
}

/** Group sends go to the listed chats (or all the sender's groups when none were listed) the sender owns. */
function sendGroup(
  state: SimState,
  limits: SimLimits,
  msg: SimMassMessage,
  task: SimMassTask,
  skip: string[],
  now: number,
) {
  const owned = state.groupChats.filter((c) => c.owner === task.userid && c.status === 'active');
  const chats = owned.filter(
    (c) => (msg.chatIds.length === 0 || msg.chatIds.includes(c.chatId)) && !skip.includes(c.chatId),
  );
  const { results } = massProgress(msg);
  for (const chat of chats) {
    if (results.some((r) => r.chatId === chat.chatId)) continue;
    const isOver = hasUsedQuota(state, limits, chat.chatId, now);
    results.push({
      userid: task.userid,
      chatId: chat.chatId,
      status: isOver ? 3 : 1,
      sendTime: isOver ? null : Math.floor(now / 1000),
    });
    if (!isOver) state.massReceipts.push({ receiver: chat.chatId, msgid: msg.msgid, at: now });
  }
}

/**
 * The member sends the task from the client (task status 2). Per customer: 1 sent; 2 when the relation is gone
 * (either side deleted the other); 3 when the customer already got its monthly quota. Sending twice is a no-op.
 */
export function sendMassMessageInState(
  state: SimState,
  limits: SimLimits,
  msgid: string,
  options: SendMassMessageOptions,
  now: number,
): { tasks: SimMassTask[]; results: SimMassSendResult[] } {
  const msg = requireMessage(state, msgid);
  const tasks = tasksFor(msg, options.userid);
  for (const task of tasks) {
    if (task.status === 2) continue;
    Object.assign(task, { status: 2, sendTime: Math.floor(now / 1000) });
    if (msg.chatType === 'group') sendGroup(state, limits, msg, task, options.skip ?? [], now);
    else sendSingle(state, limits, msg, task, options.skip ?? [], now);
  }
  const mine = new Set(tasks.map((t) => t.userid));
  return { tasks, results: massProgress(msg).results.filter((r) => mine.has(r.userid)) };
}
