import { getExternalContact, sendWelcomeMsg } from '../../wecom/api/external-contact';
import { WecomError } from '../../wecom/errors';
import { ensureGuide } from '../contacts/ensure-guide';
import { ensurePair } from '../contacts/ensure-pair';
import type { DomainDeps } from '../deps';
import { createGreetingFollowUp } from '../follow-ups/schedule-contact-follow-ups';
import { BUILT_IN_WELCOME, needsCustomerName, renderWelcome } from './render-welcome';
import {
  claimWelcome,
  findAddToWelcome,
  findGuideForWelcome,
  findWelcomeTemplate,
  recordWelcomeResult,
} from './welcome-queries';

/** A welcome_code is valid for 20 seconds from the add event (API.md §3.3). */
export const WELCOME_WINDOW_MS = 20_000;
/** Pause between retries of 41096 / busy answers; the job queue's backoff uses the same value. */
export const WELCOME_RETRY_MS = 1_000;
/**
 * How long one run holds a welcome: longer than a WeCom call takes, short enough to take over from a crashed
 * worker. It keeps a stalled job that Bull runs again from sending while the first run still is.
 */
export const WELCOME_LEASE_MS = 12_000;

export type WelcomeOutcome =
  'sent' | 'already sent' | 'expired' | 'failed' | 'handled before' | 'no welcome code';

/** Another sender holds this welcome right now; the job tries again after a pause. */
export class WelcomeInFlightError extends Error {
  readonly isRetryable = true;
  constructor(eventId: string) {
    super(`the welcome of event ${eventId} is being sent by another process`);
  }
}

/**
 * Sends the welcome message for an add event, inside WeCom's 20-second window. 41051 means another app or an
 * earlier attempt already used the code: done. 41050, a closed window, or a permanent error fall back to a
 * greeting follow-up for the guide. 41096 and busy answers are thrown, to be retried while the window lasts.
 * A code is single-use at WeCom, so even a retry after a lost answer cannot greet twice (it gets 41051).
 */
export async function sendWelcome(
  deps: DomainDeps,
  eventId: string,
  now = () => new Date(),
): Promise<WelcomeOutcome> {
  const { pool } = deps;
  const add = await findAddToWelcome(pool, eventId);
  if (!add) throw new Error(`callback event ${eventId} does not exist`);
  const { welcomeCode } = add;
  if (!welcomeCode) return 'no welcome code';
  const claimed = await claimWelcome(pool, eventId, { ...add, welcomeCode }, WELCOME_LEASE_MS);
  if (!claimed.claimed) {
    if (claimed.reason === 'finished') return 'handled before';
    throw new WelcomeInFlightError(eventId);
  }
  const claim = claimed;

  const deadline = add.receivedAt.getTime() + WELCOME_WINDOW_MS;
  const fallBack = async (status: 'EXPIRED' | 'FAILED', reason: string, errcode?: number) => {
    // The greeting follow-up first: if it fails, the welcome stays SENDING and is tried again (job retry or
    // reconciler) instead of being recorded as finished with nobody told to greet.
    await greetLater(deps, add, reason);
    await recordWelcomeResult(pool, claim.id, { status, error: reason, errcode });
    return status === 'EXPIRED' ? ('expired' as const) : ('failed' as const);
  };
  if (now().getTime() >= deadline)
    return fallBack('EXPIRED', 'the 20-second welcome window closed before sending');

  // The guide is usually known; only a guide we have never met costs a user/get first.
  const guide = (await findGuideForWelcome(pool, add.userid)) ?? (await learnGuide(deps, add.userid));
  const template = await findWelcomeTemplate(pool, add.state, guide.id);
  const text = template?.text ?? BUILT_IN_WELCOME;
  const attachments = Array.isArray(template?.attachments) ? (template.attachments as unknown[]) : [];
  // Only a template that names the customer waits for the profile; the built-in one does not.
  const customerName = needsCustomerName(text) ? await customerNameOf(deps, add.externalUserid) : '';
  const content = renderWelcome(text, {
    customer_name: customerName,
    guide_name: guide.name,
    store_name: guide.storeName ?? '',
  });
  const templateId = template?.id ?? null;

  try {
    await sendWelcomeMsg(deps.wecom, {
      welcome_code: welcomeCode,
      text: content ? { content } : undefined,
      attachments: attachments.length > 0 ? attachments : undefined,
    });
  } catch (error) {
    if (!(error instanceof WecomError)) throw error;
    if (error.errcode === 41051) {
      await recordWelcomeResult(pool, claim.id, { status: 'ALREADY_SENT', errcode: 41051, templateId });
      return 'already sent';
    }
    if (error.errcode === 41050) return fallBack('EXPIRED', 'WeCom says the welcome_code expired', 41050);
    if (error.isRetryable && now().getTime() + WELCOME_RETRY_MS < deadline) {
      await recordWelcomeResult(pool, claim.id, {
        status: 'SENDING',
        errcode: error.errcode,
        error: error.message,
      });
      throw error;
    }
    return fallBack(error.isRetryable ? 'EXPIRED' : 'FAILED', error.message, error.errcode);
  }
  const sentAt = now();
  await recordWelcomeResult(pool, claim.id, {
    status: 'SENT',
    sentAt,
    latencyMs: sentAt.getTime() - add.receivedAt.getTime(),
    templateId,
  });
  return 'sent';
}

async function learnGuide(deps: DomainDeps, userid: string) {
  await ensureGuide(deps, userid);
  const guide = await findGuideForWelcome(deps.pool, userid);
  if (!guide) throw new Error(`guide ${userid} could not be stored`);
  return guide;
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

/**
 * The fallback: a greeting follow-up, so the guide greets the customer within the day. It needs nothing from
 * WeCom (which may be why we are falling back): the pair comes from the add event itself.
 */
export async function greetLater(
  deps: DomainDeps,
  add: { userid: string; externalUserid: string; addedAt: Date; state: string | null },
  reason: string,
): Promise<void> {
  const pair = await ensurePair(deps, { ...add, occurredAt: add.addedAt });
  await createGreetingFollowUp(deps, { ...pair, addedAt: add.addedAt }, reason);
}
