import { z } from 'zod';
import { WecomError } from '../errors';
import { HOUR_MS, MINUTE_MS } from '../rate-limit';
import { parseBody, randomId } from './common';
import type { ApiContext, ApiRoute } from './common';
import { departmentSubtree } from './directory';

const schema = z.looseObject({
  touser: z.string().optional(),
  toparty: z.string().optional(),
  totag: z.string().optional(),
  msgtype: z.string(),
  agentid: z.union([z.number(), z.string()]),
  text: z.object({ content: z.string() }).optional(),
});

const splitIds = (value: string | undefined): string[] =>
  value ? value.split('|').filter((s) => s !== '') : [];

/** Members in the given departments (and below, like WeCom's toparty). */
function membersOfParties(ctx: ApiContext, parties: number[]): string[] {
  const ids = departmentSubtree(ctx.state.departments, parties);
  return [...ctx.state.members.values()]
    .filter((m) => m.department.some((d) => ids.has(d)))
    .map((m) => m.userid);
}

/**
 * `POST message/send` (app message to members). Unknown recipients come back in invaliduser/invalidparty/invalidtag
 * with errcode 0; nobody valid → 81013. Per member at most 30/min and 1000/hour per app: the excess is dropped
 * *silently* (still errcode 0), as WeCom does (API.md §3.10) — state.appMessages[].droppedFor shows it.
 * Member tags are not simulated, so every totag entry is invalid.
 */
export const messageSend: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(schema, body);
    if (String(input.agentid) !== String(ctx.state.corp.agentId))
      throw new WecomError(40056, `agentid ${input.agentid}`);
    if (input.msgtype === 'text' && !input.text?.content) throw new WecomError(44004);
    const users = splitIds(input.touser);
    const all = users.includes('@all');
    const validUsers = all ? [...ctx.state.members.keys()] : users.filter((u) => ctx.state.members.has(u));
    const invalidUsers = all ? [] : users.filter((u) => !ctx.state.members.has(u));
    const parties = splitIds(input.toparty);
    const knownParty = (p: string): boolean => ctx.state.departments.some((d) => String(d.id) === p);
    const invalidParties = parties.filter((p) => !knownParty(p));
    const partyMembers = membersOfParties(ctx, parties.filter(knownParty).map(Number));
    const recipients = [...new Set([...validUsers, ...partyMembers])];
    const invalidTags = splitIds(input.totag);
    if (recipients.length === 0) throw new WecomError(81013);
    const now = ctx.now();
    const { appMessagePerMemberPerMinute: perMinute, appMessagePerMemberPerHour: perHour } = ctx.limits;
    const deliveredTo: string[] = [];
    const droppedFor: string[] = [];
    for (const userid of recipients) {
      const key = `message/send:${userid}`;
      const overMinute = ctx.counters.exceeds(key, MINUTE_MS, now, perMinute);
      const overHour = ctx.counters.exceeds(key, HOUR_MS, now, perHour);
      (overMinute || overHour ? droppedFor : deliveredTo).push(userid);
    }
    const msgid = randomId('', 40);
    ctx.state.appMessages.push({
      msgid,
      msgtype: input.msgtype,
      deliveredTo,
      droppedFor,
      invalidUsers,
      body: input,
      sentAt: now,
    });
    return {
      invaliduser: invalidUsers.join('|'),
      invalidparty: invalidParties.join('|'),
      invalidtag: invalidTags.join('|'),
      unlicenseduser: '',
      msgid,
      response_code: '',
    };
  },
};
