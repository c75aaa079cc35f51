import { getUser, listDepartments } from '../../wecom/api/directory';
import { getFollowUserList } from '../../wecom/api/external-contact';
import { upsertGuide, upsertStore } from '../contacts/ensure-guide';
import type { SyncDeps } from '../deps';
import { analyzeTables } from '../maintenance/analyze-tables';
import { getCorpSettings } from '../settings/corp-settings';
import { syncCorpTags } from '../tags/sync-corp-tags';
import { importRelations } from './import-relations';

export interface InitialSyncResult {
  stores: number;
  guides: number;
  customers: number;
  relations: number;
}

/** user/get calls at once: a corp has hundreds of guides, each a round trip. */
const DIRECTORY_READS_AT_ONCE = 8;

/**
 * Imports the corp as WeCom sees it now: departments as stores, members with 客户联系 as guides, and every
 * guide's customers with their relations (importRelations: WeCom's pages read side by side and written a
 * thousand rows a statement). Safe to run again: everything is an upsert. The tables it filled are analyzed
 * afterwards, so the planner knows their size even where autovacuum is off or behind.
 */
export async function runInitialSync(deps: SyncDeps): Promise<InitialSyncResult> {
  // Tags first, so each relation's tags link as it is imported.
  await syncCorpTags(deps);
  const storeIdByDept = new Map<number, string>();
  for (const dept of await listDepartments(deps.wecom))
    storeIdByDept.set(dept.id, await upsertStore(deps, dept));

  const userids = await getFollowUserList(deps.wecom);
  const guideIdByUserid = new Map<string, string>();
  for (let i = 0; i < userids.length; i += DIRECTORY_READS_AT_ONCE) {
    const members = await Promise.all(
      userids.slice(i, i + DIRECTORY_READS_AT_ONCE).map((userid) => getUser(deps.wecom, userid)),
    );
    for (const member of members) {
      const dept = member.main_department ?? member.department?.[0];
      const guide = await upsertGuide(
        deps,
        member,
        dept === undefined ? null : (storeIdByDept.get(dept) ?? null),
      );
      guideIdByUserid.set(member.userid, guide.id);
    }
  }

  const imported = await importRelations(deps, guideIdByUserid);
  await analyzeTables(deps, ['store', 'guide', 'customer', 'guide_customer', 'relation_tag']);

  // From now on the anti-entropy run (reconcile-relations) may treat a relation we lack as a missed add.
  await getCorpSettings(deps);
  await deps.db.corpSettings.update({ where: { id: 1 }, data: { relationsImportedAt: new Date() } });
  const result = { stores: storeIdByDept.size, guides: guideIdByUserid.size, ...imported };
  deps.logger.info(result, 'initial sync done');
  return result;
}
