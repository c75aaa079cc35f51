import { getExternalContact } from '../../wecom/api/external-contact';
import { ensurePairs } from '../contacts/add-writes';
import { ensureGuide, ensureGuides } from '../contacts/ensure-guide';
import { ensurePair } from '../contacts/ensure-pair';
import { upsertCustomers } from '../contacts/upsert-customers';
import type { DomainDeps } from '../deps';
import { createFollowUps } from '../follow-ups/create-follow-ups';
import {
  createGreetingFollowUp,
  createGreetingTask,
  greetingFollowUpOf,
} from '../follow-ups/schedule-contact-follow-ups';
import { getCorpSettings } from '../settings/corp-settings';
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
export async function greetLater(deps: DomainDeps, add: AddToGreet, reason: string): Promise<void> {
  const pair = await ensurePair(deps, { ...add, occurredAt: add.addedAt });
  await createGreetingFollowUp(deps, { ...pair, addedAt: add.addedAt }, reason);
}

export interface AddToGreet {
  eventId: string;
  userid: string;
  externalUserid: string;
  addedAt: Date;
  state: string | null;
}

/**
 * greetLater for a whole batch, one statement per step: when a burst outruns the welcome window, thousands of
 * adds fall back at once, and one add at a time kept the welcome queue busy for minutes (add processing, which
 * yields to welcomes, crawled behind it). Returns the adds whose guide could not be had (by event id, with why);
 * every other add has its follow-up. A failing statement throws, and the caller falls back one add at a time.
 */
export async function greetManyLater(
  deps: DomainDeps,
  items: { add: AddToGreet; reason: string }[],
): Promise<Map<string, Error>> {
  const unmet = new Map<string, Error>();
  if (items.length === 0) return unmet;
  const guides = await ensureGuides(
    deps,
    items.map((i) => i.add.userid),
  );
  const ready = items.flatMap((item) => {
    const guideId = guides.get(item.add.userid) ?? new Error(`guide ${item.add.userid} was not stored`);
    if (guideId instanceof Error) {
      unmet.set(item.add.eventId, guideId);
      return [];
    }
    return [{ ...item, guideId }];
  });
  if (ready.length === 0) return unmet;
  const customerIds = await upsertCustomers(
    deps.pool,
    [],
    ready.map((r) => r.add.externalUserid),
  );
  const pairs = ready.map((r) => ({
    ...r,
    customerId: customerIds.get(r.add.externalUserid)!,
  }));
  await ensurePairs(
    deps.pool,
    pairs.map((p) => ({
      add: { ...p.add, occurredAt: p.add.addedAt, state: p.add.state ?? undefined, hasWelcomeCode: true },
      guideId: p.guideId,
      customerId: p.customerId,
    })),
  );
  const followUps = pairs.map((p) => ({
    pair: { guideId: p.guideId, customerId: p.customerId, addedAt: p.add.addedAt },
    reason: p.reason,
  }));
  const created = await createFollowUps(
    deps,
    followUps.map((f) => greetingFollowUpOf(f.pair, f.reason)),
  );
  if (created.length > 0 && (await getCorpSettings(deps)).greetingCreatesMsgTask) {
    const keys = new Set(created.map((c) => c.dedupeKey));
    for (const f of followUps) {
      if (keys.has(greetingFollowUpOf(f.pair, f.reason).dedupeKey)) await createGreetingTask(deps, f.pair);
    }
  }
  return unmet;
}
