import {
  type ExternalContactDetail,
  type ExternalContactProfile,
  getExternalContact,
} from '../../wecom/api/external-contact';
import { isWecomError } from '../../wecom/errors';
import { applyChannelOnAdd } from '../channels/apply-channel';
import type { DomainDeps } from '../deps';
import { createFollowUps } from '../follow-ups/create-follow-ups';
import {
  createGreetingTask,
  greetingFollowUpOf,
  interactionFollowUpOf,
} from '../follow-ups/schedule-contact-follow-ups';
import { getCorpSettings } from '../settings/corp-settings';
import { ensureGuides } from './ensure-guide';
import { type ListedDetail, detailsFromListings } from './guide-listings';
import { personalTagsOf, tagIdsOf } from './upsert-customer';
import { upsertCustomers } from './upsert-customers';
import { type AddToRecord, type AddedPair, ensurePairs, findChannelStates, markAdded } from './add-writes';
import { type FollowSnapshot, writeFollowSnapshots } from './write-follow-snapshots';

export type { AddToRecord };

/** Per event: null when it was recorded, or the error it failed with (the others still went through). */
export type AddResults = Map<string, Error | null>;

/**
 * Records many adds as applyContactEvent records one, with one statement per step for all of them and their
 * externalcontact/get calls made side by side: the guide, customer and relation the add proves (even when WeCom
 * will not show the profile), WeCom's view of the customer and every relation it lists (in a burst to one guide,
 * read from that guide's listing instead: then only that relation), the add itself unless
 * a newer event already changed the relation, the channel's tags, and the greeting and 7-day follow-ups.
 * Idempotent. Adds of the same relation are applied one after another in CreateTime order, as one at a time
 * would be. Throws only when a statement for the whole batch failed (the caller can then go one by one).
 */
export async function recordAdds(deps: DomainDeps, adds: AddToRecord[]): Promise<AddResults> {
  const results: AddResults = new Map();
  for (const round of roundsOf(adds)) await recordRound(deps, round, results);
  return results;
}

/** Splits the adds, by CreateTime, into rounds in which each relation appears at most once. */
function roundsOf(adds: AddToRecord[]): AddToRecord[][] {
  const rounds: AddToRecord[][] = [];
  const roundOfPair = new Map<string, number>();
  for (const add of [...adds].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime())) {
    const pair = `${add.userid}\n${add.externalUserid}`;
    const round = (roundOfPair.get(pair) ?? -1) + 1;
    roundOfPair.set(pair, round);
    (rounds[round] ??= []).push(add);
  }
  return rounds;
}

async function recordRound(deps: DomainDeps, round: AddToRecord[], results: AddResults): Promise<void> {
  const fail = (add: AddToRecord, error: Error) => results.set(add.eventId, error);
  const guides = await ensureGuides(
    deps,
    round.map((a) => a.userid),
  );
  let adds = round.filter((add) => {
    const guide = guides.get(add.userid);
    if (guide instanceof Error || guide === undefined) fail(add, guide ?? new Error('guide not found'));
    return typeof guide === 'string';
  });

  const fetchedAt = new Date();
  const details = await fetchProfiles(deps, adds);
  // Other guides following these customers, as WeCom lists them: their relations are brought up to date too.
  const followers = await ensureGuides(
    deps,
    [...details.values()].flatMap((d) =>
      d && !(d instanceof Error) ? d.follow_user.map((f) => f.userid) : [],
    ),
  );
  for (const [userid, guide] of followers) guides.set(userid, guide);
  adds = adds.filter((add) => {
    const detail = details.get(add.externalUserid);
    const error = detail instanceof Error ? detail : passingFollowerError(detail, guides);
    if (error) fail(add, error);
    return !error;
  });
  if (adds.length === 0) return;

  const profiles: ExternalContactProfile[] = [];
  const bare: string[] = [];
  for (const externalUserid of new Set(adds.map((a) => a.externalUserid))) {
    const detail = details.get(externalUserid);
    if (detail && !(detail instanceof Error)) profiles.push(detail.external_contact);
    else bare.push(externalUserid);
  }
  const customerIds = await upsertCustomers(deps.pool, profiles, bare);
  const pairs = adds.map((add) => ({
    add,
    guideId: guides.get(add.userid) as string,
    customerId: customerIds.get(add.externalUserid)!,
  }));
  await ensurePairs(deps.pool, pairs);
  await writeFollowSnapshots(deps.pool, snapshotsOf(details, guides, customerIds), fetchedAt);
  const marked = await markAdded(deps.pool, pairs);

  const applied = pairs.filter((p) => marked.has(p.add.eventId));
  const ourStates = await findChannelStates(
    deps.pool,
    applied.map((p) => p.add.state),
  );
  const tagged = [];
  for (const p of applied) {
    if (!p.add.state || !ourStates.has(p.add.state)) {
      tagged.push(p);
      continue;
    }
    try {
      await applyChannelOnAdd(deps, { guideId: p.guideId, customerId: p.customerId }, p.add.state);
      tagged.push(p);
    } catch (error) {
      fail(p.add, error instanceof Error ? error : new Error(String(error)));
    }
  }
  await createAddFollowUps(deps, tagged);
  for (const p of pairs) if (!results.has(p.add.eventId)) results.set(p.add.eventId, null);
}

/**
 * Each customer's detail: from its guide's listing in a burst of adds to one guide (detailsFromListings), or else
 * externalcontact/get, side by side (the client keeps within WeCom's rate limits). A customer WeCom will not show
 * (a one-way add: 84061, outside the app's visibility: 40096) is null: the add stands without the profile. A
 * passing failure is that customer's error, so only its adds are retried.
 */
async function fetchProfiles(
  deps: Pick<DomainDeps, 'pool' | 'wecom' | 'logger'>,
  adds: AddToRecord[],
): Promise<Map<string, ExternalContactDetail | ListedDetail | null | Error>> {
  const details = new Map<string, ExternalContactDetail | ListedDetail | null | Error>(
    await detailsFromListings(deps, adds),
  );
  const toRead = new Set(adds.map((a) => a.externalUserid).filter((id) => !details.has(id)));
  await Promise.all(
    [...toRead].map(async (externalUserid) => {
      try {
        details.set(externalUserid, await getExternalContact(deps.wecom, externalUserid));
      } catch (error) {
        if (!isWecomError(error) || error.isRetryable) {
          details.set(externalUserid, error instanceof Error ? error : new Error(String(error)));
          return;
        }
        deps.logger.warn({ errcode: error.errcode, externalUserid }, 'add recorded without profile');
        details.set(externalUserid, null);
      }
    }),
  );
  return details;
}

/**
 * A follower guide WeCom could not give us for a passing reason fails the customer's adds (to be retried); one it
 * never will (60111) only leaves that relation out, as a one-at-a-time sync did.
 */
function passingFollowerError(
  detail: ExternalContactDetail | null | undefined,
  guides: Map<string, string | Error>,
): Error | undefined {
  for (const follow of detail?.follow_user ?? []) {
    const guide = guides.get(follow.userid);
    if (guide instanceof Error && (!isWecomError(guide) || guide.isRetryable)) return guide;
  }
  return undefined;
}

function snapshotsOf(
  details: Map<string, ExternalContactDetail | null | Error>,
  guides: Map<string, string | Error>,
  customerIds: Map<string, string>,
): FollowSnapshot[] {
  const snapshots: FollowSnapshot[] = [];
  for (const [externalUserid, detail] of details) {
    const customerId = customerIds.get(externalUserid);
    if (!detail || detail instanceof Error || !customerId) continue;
    for (const { tags, ...follow } of detail.follow_user) {
      const guideId = guides.get(follow.userid);
      if (typeof guideId !== 'string') continue;
      snapshots.push({
        guideId,
        customerId,
        follow: { ...follow, tag_id: tagIdsOf(tags) },
        personalTags: 'isFromListing' in detail ? undefined : personalTagsOf(tags),
      });
    }
  }
  return snapshots;
}

/** Every add gets its 7-day interaction follow-up; one without a WelcomeCode also its greeting. */
async function createAddFollowUps(deps: DomainDeps, pairs: AddedPair[]): Promise<void> {
  const added = pairs.map((p) => ({
    pair: { guideId: p.guideId, customerId: p.customerId, addedAt: p.add.occurredAt },
    hasWelcomeCode: p.add.hasWelcomeCode,
  }));
  // No code means WeCom will not let us greet for the guide (a console welcome, a chat already started…).
  const greetings = added
    .filter((a) => !a.hasWelcomeCode)
    .map((a) => ({
      pair: a.pair,
      followUp: greetingFollowUpOf(a.pair, '客户添加时没有可用的欢迎语（无 welcome_code），请主动打个招呼'),
    }));
  const interactions = added.map((a) => interactionFollowUpOf(a.pair));
  if (greetings.length === 0 || !(await getCorpSettings(deps)).greetingCreatesMsgTask) {
    await createFollowUps(deps, [...greetings.map((g) => g.followUp), ...interactions]);
    return;
  }
  // The greetings (and their WeCom tasks) first, as one add at a time did.
  const created = new Set(
    (
      await createFollowUps(
        deps,
        greetings.map((g) => g.followUp),
      )
    ).map((f) => f.dedupeKey),
  );
  for (const g of greetings) if (created.has(g.followUp.dedupeKey)) await createGreetingTask(deps, g.pair);
  await createFollowUps(deps, interactions);
}
