import type { WelcomeMessage, WelcomeStatus } from '../../generated/prisma/client';
import { getExternalContact, sendWelcomeMsg } from '../../wecom/api/external-contact';
import { type XmlFields, textOf } from '../../wecom/callback-xml';
import { WecomError } from '../../wecom/errors';
import { ensureGuide } from '../contacts/ensure-guide';
import { syncExternalContact } from '../contacts/sync-external-contact';
import type { DomainDeps } from '../deps';
import { createGreetingFollowUp } from '../follow-ups/schedule-contact-follow-ups';
import { chooseWelcomeTemplate, needsCustomerName, renderWelcome } from './choose-template';

/** A welcome_code is valid for 20 seconds from the add event (API.md §3.3). */
export const WELCOME_WINDOW_MS = 20_000;
/** Pause between retries of 41096 / busy answers; the job queue's backoff uses the same value. */
export const WELCOME_RETRY_MS = 1_000;

export type WelcomeOutcome =
  'sent' | 'already sent' | 'expired' | 'failed' | 'handled before' | 'no welcome code';

/**
 * Sends the welcome message for an add event, inside WeCom's 20-second window. 41051 means another app or an
 * earlier attempt already used the code: done. 41050, a closed window, or a permanent error fall back to a
 * greeting follow-up for the guide. 41096 and busy answers are thrown, to be retried while the window lasts.
 */
export async function sendWelcome(
  deps: DomainDeps,
  eventId: string,
  now = () => new Date(),
): Promise<WelcomeOutcome> {
  const { db } = deps;
  const event = await db.callbackEvent.findUniqueOrThrow({ where: { id: eventId } });
  const fields = event.fields as XmlFields;
  const code = textOf(fields, 'WelcomeCode');
  const userid = event.userid ?? '';
  const externalUserid = event.externalUserid ?? '';
  if (!code) return 'no welcome code';

  const record = await db.welcomeMessage.upsert({
    where: { eventId },
    create: { eventId, welcomeCode: code, guideUserid: userid, externalUserid, receivedAt: event.receivedAt },
    update: {},
  });
  if (record.status !== 'SENDING') return 'handled before';
  const deadline = record.receivedAt.getTime() + WELCOME_WINDOW_MS;
  const finish = (status: WelcomeStatus, data: Partial<WelcomeMessage> = {}) =>
    db.welcomeMessage.update({ where: { id: record.id }, data: { status, ...data } });
  const fallBack = async (status: WelcomeStatus, reason: string, errcode?: number) => {
    await finish(status, { error: reason, lastErrcode: errcode ?? null });
    await greetLater(deps, { userid, externalUserid, addedAt: event.createdAtWecom }, reason);
    return status === 'EXPIRED' ? ('expired' as const) : ('failed' as const);
  };

  if (now().getTime() >= deadline)
    return fallBack('EXPIRED', 'the 20-second welcome window closed before sending');

  const guide = await ensureGuide(deps, userid);
  const store = guide.storeId ? await db.store.findUnique({ where: { id: guide.storeId } }) : null;
  const template = await chooseWelcomeTemplate(db, {
    state: textOf(fields, 'State') || undefined,
    guideId: guide.id,
  });
  const customerName = needsCustomerName(template.text) ? await customerNameOf(deps, externalUserid) : '';
  const content = renderWelcome(template.text, {
    customer_name: customerName,
    guide_name: guide.name,
    store_name: store?.name ?? '',
  });

  await db.welcomeMessage.update({
    where: { id: record.id },
    data: { attempts: { increment: 1 }, templateId: template.id },
  });
  try {
    await sendWelcomeMsg(deps.wecom, {
      welcome_code: code,
      text: content ? { content } : undefined,
      attachments: template.attachments.length > 0 ? template.attachments : undefined,
    });
  } catch (error) {
    if (!(error instanceof WecomError)) throw error;
    if (error.errcode === 41051) {
      await finish('ALREADY_SENT', { lastErrcode: 41051, error: null });
      return 'already sent';
    }
    if (error.errcode === 41050) return fallBack('EXPIRED', 'WeCom says the welcome_code expired', 41050);
    if (error.isRetryable && now().getTime() + WELCOME_RETRY_MS < deadline) {
      await db.welcomeMessage.update({ where: { id: record.id }, data: { lastErrcode: error.errcode } });
      throw error;
    }
    return fallBack(error.isRetryable ? 'EXPIRED' : 'FAILED', error.message, error.errcode);
  }
  const sentAt = now();
  await finish('SENT', { sentAt, latencyMs: sentAt.getTime() - record.receivedAt.getTime(), error: null });
  return 'sent';
}

async function customerNameOf(deps: DomainDeps, externalUserid: string): Promise<string> {
  const known = await deps.db.customer.findUnique({ where: { externalUserid }, select: { name: true } });
  if (known?.name) return known.name;
  try {
    return (await getExternalContact(deps.wecom, externalUserid)).external_contact.name ?? '';
  } catch (error) {
    deps.logger.warn({ err: error, externalUserid }, 'no customer name for the welcome; sending without it');
    return '';
  }
}

/** The fallback: a greeting follow-up, so the guide greets the customer within the day. */
export async function greetLater(
  deps: DomainDeps,
  add: { userid: string; externalUserid: string; addedAt: Date },
  reason: string,
): Promise<void> {
  const guide = await ensureGuide(deps, add.userid);
  let customer = await deps.db.customer.findUnique({ where: { externalUserid: add.externalUserid } });
  if (!customer) {
    await syncExternalContact(deps, add.externalUserid);
    customer = await deps.db.customer.findUniqueOrThrow({ where: { externalUserid: add.externalUserid } });
  }
  await createGreetingFollowUp(
    deps,
    { guideId: guide.id, customerId: customer.id, addedAt: add.addedAt },
    reason,
  );
}
