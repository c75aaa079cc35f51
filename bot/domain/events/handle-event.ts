import type { CallbackEvent } from '../../generated/prisma/client';
import { type XmlFields, textOf } from '../../wecom/callback-xml';
import { applyContactEvent } from '../contacts/apply-contact-event';
import type { DomainDeps } from '../deps';
import { applyChatChange } from '../group-chats/apply-chat-change';
import { requestTagSync } from '../tags/request-tag-sync';

type EventHandler = (deps: DomainDeps, event: CallbackEvent, fields: XmlFields) => Promise<string>;

const handleExternalContactChange: EventHandler = (deps, event, fields) =>
  applyContactEvent(deps, {
    changeType: event.changeType ?? '',
    userid: event.userid ?? '',
    externalUserid: event.externalUserid ?? '',
    occurredAt: event.createdAtWecom,
    state: textOf(fields, 'State') || undefined,
    hasWelcomeCode: Boolean(textOf(fields, 'WelcomeCode')),
    source: textOf(fields, 'Source') || undefined,
    failReason: textOf(fields, 'FailReason') || undefined,
  });

// The handlers below are named places for later work (messages, archive: issue #3).
// Until then the event is stored and acknowledged, which is all WeCom needs from us.
const stored =
  (outcome: string): EventHandler =>
  () =>
    Promise.resolve(outcome);

/** change_external_tag names one tag or group, or none (shuffle): a full mirror read is the safe answer. */
const handleExternalTagChange: EventHandler = async (deps, _event, fields) => {
  const change =
    `${textOf(fields, 'ChangeType')} ${textOf(fields, 'TagType')} ${textOf(fields, 'Id')}`.trim();
  await requestTagSync(deps.enqueue, `callback: ${change}`);
  return `tag change (${change}): tag sync requested`;
};
const handleExternalChatChange: EventHandler = applyChatChange;
const handleMsgAuditNotify = stored(
  'archive notice stored; pulling archived messages needs the native Finance SDK',
);
const handleAppMessage = stored('app message stored; not handled yet');
const handleUnknownEvent: EventHandler = (_deps, event) =>
  Promise.resolve(`event ${event.event ?? event.msgType} stored, no handler`);

const EVENT_HANDLERS: Record<string, EventHandler> = {
  change_external_contact: handleExternalContactChange,
  change_external_tag: handleExternalTagChange,
  change_external_chat: handleExternalChatChange,
  msgaudit_notify: handleMsgAuditNotify,
};

/** Routes a stored callback to its handler and returns a one-line outcome for the log. */
export function handleEvent(deps: DomainDeps, event: CallbackEvent): Promise<string> {
  const fields = event.fields as XmlFields;
  if (event.msgType !== 'event') return handleAppMessage(deps, event, fields);
  const handler = EVENT_HANDLERS[event.event ?? ''] ?? handleUnknownEvent;
  return handler(deps, event, fields);
}
