import type { ExternalContactProfile, FollowInfo } from '../../wecom/api/external-contact';
import { createBatcher } from '../batching/create-batcher';
import { readRelationsPage } from '../contacts/read-relations-page';
import { upsertCustomers } from '../contacts/upsert-customers';
import { writeFollowSnapshots } from '../contacts/write-follow-snapshots';
import type { SyncDeps } from '../deps';

// batch/get_by_user takes at most 100 userids a call (API.md §3.2).
const USERIDS_PER_CALL = 100;
/**
 * Cursors walked at once. Pages of one cursor come one after another (each names the next), so the guides are
 * split into this many groups, each walked by its own cursor: calling with fewer than 100 userids costs at most
 * one extra, partial page per group.
 */
const STREAMS = 4;
/** Relations per write: three statements (customers, relations, their tags) for this many rows. */
const ROWS_PER_WRITE = 1_000;
/** Writes at once: one commits while the next is being sent; more would only queue on two cores. */
const WRITES_AT_ONCE = 2;
/**
 * Pages a cursor may have waiting to be written while it reads on: enough for the writes to fill up to
 * ROWS_PER_WRITE from all cursors together, few enough that reading never runs far ahead of writing.
 */
const PAGES_AHEAD = 3;

interface Row {
  contact: ExternalContactProfile;
  follow: FollowInfo;
}

/**
 * Imports every relation of these guides from batch/get_by_user into customer, guide_customer and relation_tag.
 * WeCom's reads and our writes overlap: each cursor asks for its next page while the last one is written, and
 * rows from all cursors are merged into writes of a thousand. A page refused by our own rate limit waits for
 * the window to reopen; one refused for another passing reason is asked for again. Safe to run again (upserts).
 */
export async function importRelations(
  deps: SyncDeps,
  guideIdByUserid: Map<string, string>,
): Promise<{ customers: number; relations: number }> {
  const customers = new Set<string>();
  let relations = 0;
  const writer = createBatcher<Row[], number>({
    maxBatch: ROWS_PER_WRITE,
    maxConcurrentRuns: WRITES_AT_ONCE,
    sizeOf: (rows) => rows.length,
    run: async (pages) => {
      const rows = pages.flat();
      const customerIds = await upsertCustomers(
        deps.pool,
        rows.map((r) => r.contact),
      );
      await writeFollowSnapshots(
        deps.pool,
        rows.flatMap((r) => {
          const guideId = guideIdByUserid.get(r.follow.userid);
          const customerId = customerIds.get(r.contact.external_userid);
          return guideId && customerId ? [{ guideId, customerId, follow: r.follow }] : [];
        }),
      );
      return pages.map((page) => ({ status: 'fulfilled', value: page.length }));
    },
  });

  const userids = [...guideIdByUserid.keys()];
  const perStream = Math.min(USERIDS_PER_CALL, Math.max(1, Math.ceil(userids.length / STREAMS)));
  const groups: string[][] = [];
  for (let i = 0; i < userids.length; i += perStream) groups.push(userids.slice(i, i + perStream));

  const walk = async (group: string[]) => {
    let cursor: string | undefined;
    const writing: Promise<number>[] = [];
    do {
      const page = await readRelationsPage(deps, group, cursor);
      const rows = page.external_contact_list
        .filter((r) => guideIdByUserid.has(r.follow_info.userid))
        .map((r) => ({ contact: r.external_contact, follow: r.follow_info }));
      for (const r of rows) customers.add(r.contact.external_userid);
      relations += rows.length;
      if (rows.length > 0) {
        const write = writer.submit(rows);
        // Handled now, awaited below: a failed write must not count as an unhandled rejection meanwhile.
        write.catch(() => undefined);
        writing.push(write);
      }
      if (writing.length >= PAGES_AHEAD) await writing.shift();
      cursor = page.next_cursor;
    } while (cursor);
    await Promise.all(writing);
  };
  // Together, for as long as there are groups left: each cursor takes the next group when it is done.
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(STREAMS, groups.length) }, async () => {
      while (next < groups.length) await walk(groups[next++]!);
    }),
  );
  return { customers: customers.size, relations };
}
