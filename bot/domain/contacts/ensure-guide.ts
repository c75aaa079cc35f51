import type { Guide } from '../../generated/prisma/client';
import { listDepartments, getUser } from '../../wecom/api/directory';
import type { SyncDeps } from '../deps';

/**
 * Upserts the store of a WeCom department, by department id, with its leaders (the store's managers in the
 * sidebar) when WeCom listed them. Returns the store's id.
 */
export async function upsertStore(
  { db }: Pick<SyncDeps, 'db'>,
  dept: { id: number; name: string; parentid?: number; department_leader?: string[] },
): Promise<string> {
  const data = {
    name: dept.name,
    parentDeptId: dept.parentid ?? null,
    ...(dept.department_leader ? { leaderUserids: dept.department_leader } : {}),
  };
  const store = await db.store.upsert({
    where: { wecomDeptId: dept.id },
    create: { wecomDeptId: dept.id, ...data },
    update: data,
  });
  return store.id;
}

/** Upserts a guide from WeCom's member data; the store is the member's main department. */
export async function upsertGuide(
  { db }: Pick<SyncDeps, 'db'>,
  member: { userid: string; name: string; position?: string },
  storeId: string | null,
): Promise<Guide> {
  const data = {
    name: member.name || member.userid,
    position: member.position || null,
    storeId,
    isActive: true,
  };
  return db.guide.upsert({
    where: { userid: member.userid },
    create: { userid: member.userid, ...data },
    update: data,
  });
}

/** The guide with this userid, fetched from WeCom (user/get, department/list) the first time we meet it. */
export async function ensureGuide(deps: SyncDeps, userid: string): Promise<Guide> {
  const known = await deps.db.guide.findUnique({ where: { userid } });
  if (known) return known;
  const member = await getUser(deps.wecom, userid);
  const deptId = member.main_department ?? member.department?.[0];
  let storeId: string | null = null;
  if (deptId !== undefined) {
    const store = await deps.db.store.findUnique({ where: { wecomDeptId: deptId } });
    if (store) storeId = store.id;
    else {
      const dept = (await listDepartments(deps.wecom, deptId)).find((d) => d.id === deptId);
      if (dept) storeId = await upsertStore(deps, dept);
    }
  }
  return upsertGuide(deps, member, storeId);
}

/**
 * The guides with these userids, by userid: one query for those we know, ensureGuide (WeCom's directory) for
 * the others. A guide WeCom could not give us is answered with its error, so its events fail alone.
 */
export async function ensureGuides(deps: SyncDeps, userids: string[]): Promise<Map<string, string | Error>> {
  const wanted = [...new Set(userids)];
  const found = new Map<string, string | Error>();
  if (wanted.length === 0) return found;
  const { rows } = await deps.pool.query<{ id: string; userid: string }>(
    'SELECT id, userid FROM guide WHERE userid = ANY($1::text[])',
    [wanted],
  );
  for (const row of rows) found.set(row.userid, row.id);
  await Promise.all(
    wanted
      .filter((userid) => !found.has(userid))
      .map((userid) =>
        ensureGuide(deps, userid).then(
          (guide) => found.set(userid, guide.id),
          (error: unknown) => found.set(userid, error instanceof Error ? error : new Error(String(error))),
        ),
      ),
  );
  return found;
}
