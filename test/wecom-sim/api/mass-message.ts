import { z } from 'zod';
import { WecomError } from '../errors';
import { isListedRelation } from '../state';
import type { SimRelation } from '../state';
import { parseBody, randomId } from './common';
import type { ApiRoute } from './common';
import { requireMember } from './directory';
import { checkContent, contentFields } from './message-content';

const schema = z.object({
  chat_type: z.enum(['single', 'group']).optional(),
  external_userid: z.array(z.string()).optional(),
  chat_id_list: z.array(z.string()).optional(),
  tag_filter: z.object({ group_list: z.array(z.object({ tag_list: z.array(z.string()) })) }).optional(),
  sender: z.string().optional(),
  allow_select: z.boolean().optional(),
  ...contentFields,
});

type TagFilter = z.infer<typeof schema>['tag_filter'];

/** AND across group_list entries, OR within one entry's tag_list. */
function matchesFilter(relation: SimRelation, filter: TagFilter): boolean {
  if (!filter) return true;
  return filter.group_list.every(
    (g) => g.tag_list.length === 0 || g.tag_list.some((t) => relation.tagIds.includes(t)),
  );
}

const isSendable = (r: SimRelation): boolean => isListedRelation(r) && r.status !== 'half';

/**
 * `POST externalcontact/add_msg_template` (API.md §3.5). Creates a task (nothing is sent until the member confirms
 * in the client) and records it in state.massMessages. Without a sender, each customer goes to the member who
 * "last interacted" — approximated by the newest relation. Unreachable customers go to fail_list; none reachable →
 * 41048. Receive quotas apply when the member sends (mass-message-progress.ts), as status 3 in the send results.
 */
export const addMsgTemplate: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(schema, body);
    const chatType = input.chat_type ?? 'single';
    const text = checkContent(input);
    const ids = input.external_userid ?? [];
    const chatIds = input.chat_id_list ?? [];
    if (input.sender !== undefined) requireMember(ctx.state, input.sender);
    const msgid = randomId('msg', 27);
    const record = {
      msgid,
      chatType,
      sender: input.sender ?? null,
      text,
      attachments: input.attachments ?? [],
    };
    if (chatType === 'group') {
      if (!input.sender) throw new WecomError(40058, 'sender required for chat_type group');
      if (chatIds.length > 2000) throw new WecomError(40058, 'chat_id_list > 2000');
      ctx.state.massMessages.push({ ...record, targets: [], chatIds, failList: [], createdAt: ctx.now() });
      return { fail_list: [], msgid };
    }
    if (ids.length > 10_000) throw new WecomError(40058, 'external_userid > 10000');
    if (ids.length === 0 && !input.sender)
      throw new WecomError(40058, 'external_userid and sender both empty');
    const relations = ctx.state.relations.filter(
      (r) => isSendable(r) && (input.sender === undefined || r.userid === input.sender),
    );
    const candidates =
      ids.length > 0 ? [...new Set(ids)] : [...new Set(relations.map((r) => r.externalUserid))];
    const targets: Array<{ userid: string; externalUserid: string }> = [];
    const failList: string[] = [];
    for (const externalUserid of candidates) {
      const own = relations.filter((r) => r.externalUserid === externalUserid);
      if (own.length === 0) {
        failList.push(externalUserid);
        continue;
      }
      const newest = own.reduce((a, b) => (b.createtime > a.createtime ? b : a));
      if (matchesFilter(newest, input.tag_filter)) targets.push({ userid: newest.userid, externalUserid });
    }
    if (targets.length === 0) throw new WecomError(41048);
    ctx.state.massMessages.push({ ...record, targets, chatIds: [], failList, createdAt: ctx.now() });
    return { fail_list: failList, msgid };
  },
};
