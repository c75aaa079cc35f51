import type { CallbackEvent } from '../../generated/prisma/client';
import { type XmlFields, type XmlValue, textOf } from '../../wecom/callback-xml';
import { type GroupChatMember, getGroupChat } from '../../wecom/api/group-chat';
import { isWecomError } from '../../wecom/errors';
import type { DomainDeps } from '../deps';
import { type NewInteraction, recordInteractions } from '../follow-ups/record-interaction';

/**
 * change_external_chat (API.md §2.3). A customer joining a guide's customer group is an interaction between that
 * guide (the group's owner) and the customer: it closes their greeting and 7-day follow-ups like a chat would.
 * Other chat changes are only stored.
 */
export async function applyChatChange(
  deps: DomainDeps,
  event: CallbackEvent,
  fields: XmlFields,
): Promise<string> {
  const chatId = event.chatId ?? textOf(fields, 'ChatId') ?? '';
  const change = [textOf(fields, 'ChangeType'), textOf(fields, 'UpdateDetail')].filter(Boolean).join(' ');
  if (change !== 'update add_member') return `group chat ${chatId} ${change}: stored`;

  let chat;
  try {
    chat = await getGroupChat(deps.wecom, chatId);
  } catch (error) {
    // 40050 unknown chat, 49008 dismissed, 84061 and the like will answer the same tomorrow: log and finish.
    if (!isWecomError(error) || error.isRetryable) throw error;
    deps.logger.warn({ chatId, errcode: error.errcode }, 'group chat not readable; join not recorded');
    return `group chat ${chatId} add_member: groupchat/get answered ${error.errcode}, nothing recorded`;
  }
  const owner = await deps.db.guide.findUnique({ where: { userid: chat.owner }, select: { id: true } });
  if (!owner) return `group chat ${chatId} add_member: owner ${chat.owner} is not a known guide`;

  const joined = joinedCustomers(chat.member_list, itemsOf(fields.MemChangeList), event.createdAtWecom);
  const interactions: NewInteraction[] = joined.map((m) => ({
    guideUserid: chat.owner,
    externalUserid: m.userid,
    source: 'GROUP_CHAT',
    occurredAt: new Date(m.join_time * 1000),
    // The join time keeps a customer who leaves and rejoins a second interaction, and a redelivery none.
    externalId: `${chatId}:${m.userid}:${m.join_time}`,
  }));
  const results = await recordInteractions(deps, interactions);
  const count = (status: string) => results.filter((r) => r.status === status).length;
  return (
    `group chat ${chatId} add_member: ${count('recorded')} interaction(s) recorded, ` +
    `${count('duplicate')} already, ${count('rejected')} not the owner's customers`
  );
}

/**
 * The external members this event added: those MemChangeList names (newer payloads), else those whose join_time
 * is at or after the event's CreateTime (less some slack). A member named but gone again by the time we read is skipped: without
 * their join time the interaction could not be keyed.
 */
const JOIN_SLACK_SECONDS = 300;

function joinedCustomers(members: GroupChatMember[], changed: string[], eventAt: Date): GroupChatMember[] {
  const customers = members.filter((m) => m.type === 2);
  if (changed.length > 0) return customers.filter((m) => changed.includes(m.userid));
  // CreateTime is often a second or more after the join itself; the key includes join_time, so slack is safe.
  const since = Math.floor(eventAt.getTime() / 1000) - JOIN_SLACK_SECONDS;
  return customers.filter((m) => m.join_time >= since);
}

/** `<MemChangeList><Item>a</Item><Item>b</Item></MemChangeList>` as parsed: one Item is text, several an array. */
function itemsOf(value: XmlValue | undefined): string[] {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return [];
  const item = value.Item;
  const items = Array.isArray(item) ? item : item === undefined ? [] : [item];
  return items.filter((i): i is string => typeof i === 'string' && i !== '');
}
