import { getUser, listDepartments } from '../../wecom/api/directory';
import { batchGetByUser, getFollowUserList } from '../../wecom/api/external-contact';
import { upsertGuide, upsertStore } from '../contacts/ensure-guide';
import { applyFollowSnapshot, upsertCustomer } from '../contacts/upsert-customer';
import type { SyncDeps } from '../deps';
import { getCorpSettings } from '../settings/corp-settings';
import { syncCorpTags } from '../tags/sync-corp-tags';

export interface InitialSyncResult {
  stores: number;
  guides: number;
  customers: number;
  relations: number;
}

// batch/get_by_user takes at most 100 userids and returns at most 100 rows a page (API.md §3.2).
const USERIDS_PER_CALL = 100;
const ROWS_PER_PAGE = 100;

/**
 * Imports the corp as WeCom sees it now: departments as stores, members with 客户联系 as guides, and every
 * guide's customers with their relations. Safe to run again: everything is an upsert.
 */
export async function runInitialSync(deps: SyncDeps): Promise<InitialSyncResult> {
  // Tags first, so each relation's tags link as it is imported.
  await syncCorpTags(deps);
  const storeIdByDept = new Map<number, string>();
  for (const dept of await listDepartments(deps.wecom))
    storeIdByDept.set(dept.id, await upsertStore(deps, dept));

  const userids = await getFollowUserList(deps.wecom);
  const guideIdByUserid = new Map<string, string>();
  for (const userid of userids) {
    const member = await getUser(deps.wecom, userid);
    const dept = member.main_department ?? member.department?.[0];
    const guide = await upsertGuide(
      deps,
      member,
      dept === undefined ? null : (storeIdByDept.get(dept) ?? null),
    );
    guideIdByUserid.set(userid, guide.id);
  }

  const customerIds = new Set<string>();
  let relations = 0;
  for (let i = 0; i < userids.length; i += USERIDS_PER_CALL) {
    const chunk = userids.slice(i, i + USERIDS_PER_CALL);
    let cursor: string | undefined;
    do {
      const page = await batchGetByUser(deps.wecom, chunk, cursor, ROWS_PER_PAGE);
      for (const { external_contact: contact, follow_info: follow } of page.external_contact_list) {
        const guideId = guideIdByUserid.get(follow.userid);
        if (!guideId) continue;
        const customerId = await upsertCustomer(deps, contact);
        customerIds.add(customerId);
        await applyFollowSnapshot(deps, { guideId, customerId }, follow);
        relations += 1;
      }
      cursor = page.next_cursor;
    } while (cursor);
  }

  // From now on the anti-entropy run (reconcile-relations) may treat a relation we lack as a missed add.
  await getCorpSettings(deps);
  await deps.db.corpSettings.update({ where: { id: 1 }, data: { relationsImportedAt: new Date() } });
  const result = {
    stores: storeIdByDept.size,
    guides: guideIdByUserid.size,
    customers: customerIds.size,
    relations,
  };
  deps.logger.info(result, 'initial sync done');
  return result;
}
