import type { Pool } from 'pg';
import type {
  ExternalContactDetail,
  ExternalContactProfile,
  FollowInfo,
} from '../../wecom/api/external-contact';
import type { WecomClient } from '../../wecom/client';
import type { SyncDeps } from '../deps';
import type { AddToRecord } from './add-writes';
import { ROWS_PER_PAGE, readRelationsPage } from './read-relations-page';

/**
 * A customer's detail read from its guide's listing (batch/get_by_user), not from externalcontact/get: the
 * follow_user of the guides whose listings held it only, with corp tag ids and no personal tags (the listing has
 * none, so a relation's personal tags are left as they are).
 */
export type ListedDetail = ExternalContactDetail & { isFromListing: true };

/** Adds of one guide waiting to be processed from which a walk of the guide's listing may pay. */
const MIN_WAITING_ADDS = 200;
/** Adds of one guide in one batch below which it is not a burst, and not worth even the count. */
const MIN_ADDS_IN_BATCH = 10;
/**
 * A walk must cost at most this share of the externalcontact/get calls it saves: pages of 100 relations against
 * one call per add, and the walk's calls go to batch/get_by_user's own budget.
 */
const WALK_COST_SHARE = 0.5;
/** Guides with more relations than this are never walked: the walk would take too long and hold too much. */
const MAX_WALKED_RELATIONS = 50_000;
/** A listing older than this is dropped: its adds are processed by then. */
const KEEP_LISTING_MS = 60_000;
/**
 * An add is in a listing only if it happened this long before the walk began: CreateTime has whole seconds and
 * WeCom's clock is not ours.
 */
const CLOCK_MARGIN_MS = 2_000;

interface Listing {
  startedAt: number;
  isDone: boolean;
  /** The guide's relations by external_userid, once the walk is done (rejected when it failed). */
  rows: Promise<Map<string, { contact: ExternalContactProfile; follow: FollowInfo }>>;
}

interface Listings {
  byGuide: Map<string, Listing>;
  /** Guides whose walk is being decided: a batch running alongside waits for the decision, not a walk of its own. */
  deciding: Map<string, Promise<Listing | undefined>>;
}

// Per WeCom client (one corp): the listings its worker walked, shared by the batches it processes.
const listingsByClient = new WeakMap<WecomClient, Listings>();

/**
 * In a burst of adds to one guide (a campaign's QR code), one externalcontact/get per add runs into WeCom's
 * 10,000 calls a minute for that API (ours 9,000): a 10,000-add burst took 84 s to process. When a guide has many
 * adds waiting, walking the guide's whole listing with batch/get_by_user, 100 relations a call, costs far fewer
 * calls (about 110 for those 10,000), and every add that happened before the walk began is found in it. Returns
 * the details found so; the caller reads the others (newer adds, customers a listing lacks) one by one. A failed
 * walk finds nothing: the adds fall back to externalcontact/get.
 */
export async function detailsFromListings(
  deps: Pick<SyncDeps, 'pool' | 'wecom' | 'logger'>,
  adds: AddToRecord[],
): Promise<Map<string, ListedDetail>> {
  let listings = listingsByClient.get(deps.wecom);
  if (!listings) listingsByClient.set(deps.wecom, (listings = { byGuide: new Map(), deciding: new Map() }));
  forgetOld(listings.byGuide);

  const found = new Map<string, ListedDetail>();
  const unlisted = new Set<string>(); // customers with an add no listing covers: read with externalcontact/get
  for (const [userid, ofGuide] of groupBy(adds, (a) => a.userid)) {
    let listing = listings.byGuide.get(userid);
    const isCovered = (add: AddToRecord, l: Listing) =>
      add.occurredAt.getTime() <= l.startedAt - CLOCK_MARGIN_MS;
    // A new walk for adds newer than the last one, once that one is done: one walk at a time per guide.
    const uncovered = ofGuide.filter((a) => !listing || !isCovered(a, listing));
    if (uncovered.length >= MIN_ADDS_IN_BATCH && (!listing || listing.isDone)) {
      let decision = listings.deciding.get(userid);
      if (!decision) {
        const { byGuide, deciding } = listings;
        decision = startWalkIfItPays(deps, byGuide, userid).finally(() => deciding.delete(userid));
        deciding.set(userid, decision);
      }
      // A count that failed decides nothing: the adds are read one by one.
      listing = (await decision.catch(() => undefined)) ?? listing;
    }
    const rows = listing ? await listing.rows.catch(() => null) : null;
    for (const add of ofGuide) {
      const row = rows && isCovered(add, listing!) ? rows.get(add.externalUserid) : undefined;
      if (!row) {
        unlisted.add(add.externalUserid);
        continue;
      }
      const { tag_id: tagIds, ...follow } = row.follow;
      const detail = found.get(add.externalUserid) ?? {
        external_contact: row.contact,
        follow_user: [],
        isFromListing: true as const,
      };
      if (!detail.follow_user.some((f) => f.userid === follow.userid)) {
        detail.follow_user.push({ ...follow, tags: (tagIds ?? []).map((id) => ({ tag_id: id, type: 1 })) });
      }
      found.set(add.externalUserid, detail);
    }
  }
  for (const externalUserid of unlisted) found.delete(externalUserid);
  return found;
}

/** Walks the guide's listing when enough of its adds wait for one to pay. */
async function startWalkIfItPays(
  deps: Pick<SyncDeps, 'pool' | 'wecom' | 'logger'>,
  listings: Map<string, Listing>,
  userid: string,
): Promise<Listing | undefined> {
  const { waiting, relations } = await countWaitingAdds(deps.pool, userid);
  const pages = Math.ceil((relations + waiting) / ROWS_PER_PAGE);
  if (waiting < MIN_WAITING_ADDS || relations > MAX_WALKED_RELATIONS || pages > waiting * WALK_COST_SHARE) {
    return undefined;
  }
  const listing: Listing = { startedAt: Date.now(), isDone: false, rows: walk(deps, userid) };
  listings.set(userid, listing);
  listing.rows.then(
    (rows) => {
      listing.isDone = true;
      deps.logger.info({ userid, relations: rows.size, waiting }, 'guide listing walked for its adds');
    },
    (error: unknown) => {
      listing.isDone = true;
      deps.logger.warn({ err: error, userid }, 'guide listing walk failed; its adds are read one by one');
      if (listings.get(userid) === listing) listings.delete(userid);
    },
  );
  return listing;
}

async function walk(
  deps: Pick<SyncDeps, 'wecom' | 'logger'>,
  userid: string,
): Promise<Map<string, { contact: ExternalContactProfile; follow: FollowInfo }>> {
  const rows = new Map<string, { contact: ExternalContactProfile; follow: FollowInfo }>();
  let cursor: string | undefined;
  do {
    const page = await readRelationsPage(deps, [userid], cursor);
    for (const r of page.external_contact_list) {
      if (r.follow_info.userid === userid) {
        rows.set(r.external_contact.external_userid, { contact: r.external_contact, follow: r.follow_info });
      }
    }
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

/**
 * The guide's adds still to process (counted up to 10,000: enough to decide) and its active relations we know
 * of, which a walk pages through as well.
 */
async function countWaitingAdds(pool: Pool, userid: string): Promise<{ waiting: number; relations: number }> {
  const { rows } = await pool.query<{ waiting: number; relations: number }>(
    `SELECT
       (SELECT count(*)::int FROM (
          SELECT 1 FROM callback_event
          WHERE status IN ('RECEIVED', 'PROCESSING') AND userid = $1
            AND change_type IN ('add_external_contact', 'add_half_external_contact')
          LIMIT 10000) w) AS waiting,
       (SELECT count(*)::int FROM guide_customer gc JOIN guide g ON g.id = gc.guide_id
        WHERE g.userid = $1 AND gc.status = 'ACTIVE') AS relations`,
    [userid],
  );
  return rows[0] ?? { waiting: 0, relations: 0 };
}

function forgetOld(listings: Map<string, Listing>): void {
  const cutOff = Date.now() - KEEP_LISTING_MS;
  for (const [userid, listing] of listings) if (listing.startedAt < cutOff) listings.delete(userid);
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
