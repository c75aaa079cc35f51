import { getExternalContact } from '../../wecom/api/external-contact';
import { ensureGuide } from '../contacts/ensure-guide';
import { ensurePair } from '../contacts/ensure-pair';
import type { DomainDeps } from '../deps';
import { createGreetingFollowUp } from '../follow-ups/schedule-contact-follow-ups';
import { type GuideForWelcome, findGuidesForWelcome } from './welcome-queries';

const learning = new Map<string, Promise<GuideForWelcome>>();

/**
 * A guide the welcome names but we have never met: one user/get, then read back as the welcome needs it. The
 * batches of a burst all meet a new guide at once; they share the one lookup in flight.
 */
export function learnGuide(deps: DomainDeps, userid: string): Promise<GuideForWelcome> {
  let learned = learning.get(userid);
  if (!learned) {
    learned = learnGuideNow(deps, userid).finally(() => learning.delete(userid));
    learning.set(userid, learned);
  }
  return learned;
}

async function learnGuideNow(deps: DomainDeps, userid: string): Promise<GuideForWelcome> {
  await ensureGuide(deps, userid);
  const guide = (await findGuidesForWelcome(deps.pool, [userid])).get(userid);
  if (!guide) throw new Error(`guide ${userid} could not be stored`);
  return guide;
}

/** The customer's name for a template that uses it: ours if we have it, else WeCom's, else none. */
export async function customerNameOf(deps: DomainDeps, externalUserid: string): Promise<string> {
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
