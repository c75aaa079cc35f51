import type { Prisma } from '../../generated/prisma/client';
import type { ExternalContactProfile, FollowInfo } from '../../wecom/api/external-contact';
import type { SyncDeps } from '../deps';
import { reconcileRelationTags } from '../tags/reconcile-relation-tags';

/** Upserts a customer from WeCom's external_contact profile. Returns its id. */
export async function upsertCustomer(
  { db }: Pick<SyncDeps, 'db'>,
  p: ExternalContactProfile,
): Promise<string> {
  const data = {
    name: p.name ?? '',
    type: p.type ?? 1,
    gender: p.gender ?? 0,
    avatar: p.avatar || null,
    unionid: p.unionid || null,
    position: p.position || null,
    corpName: p.corp_name || null,
    corpFullName: p.corp_full_name || null,
    externalProfile: (p.external_profile ?? undefined) as Prisma.InputJsonValue | undefined,
  };
  const customer = await db.customer.upsert({
    where: { externalUserid: p.external_userid },
    create: { externalUserid: p.external_userid, ...data },
    update: data,
  });
  return customer.id;
}

/**
 * Applies WeCom's current view of one guide–customer relation (follow_user / follow_info), its tags included. A
 * relation we saw deleted stays deleted unless WeCom's add time is newer than the deletion: follow_user can lag a
 * deletion (API.md §5 gotcha 9), while a real re-add carries a new createtime. `personalTags` only when WeCom
 * said (externalcontact/get lists them; batch/get_by_user does not).
 */
export async function applyFollowSnapshot(
  deps: Pick<SyncDeps, 'db' | 'pool'>,
  ids: { guideId: string; customerId: string },
  f: FollowInfo,
  personalTags?: string[],
  fetchedAt?: Date,
): Promise<void> {
  const relationId = await writeFollowSnapshot(deps, ids, f);
  await reconcileRelationTags(deps.pool, relationId, f.tag_id ?? [], personalTags, fetchedAt);
}

async function writeFollowSnapshot(
  { db }: Pick<SyncDeps, 'db'>,
  ids: { guideId: string; customerId: string },
  f: FollowInfo,
): Promise<string> {
  const addedAt = f.createtime ? new Date(f.createtime * 1000) : null;
  const data = {
    remark: f.remark || null,
    description: f.description || null,
    remarkCorpName: f.remark_corp_name || null,
    remarkMobiles: (f.remark_mobiles ?? []).filter((m) => m !== ''),
    addedAt,
    addWay: f.add_way ?? null,
    state: f.state || null,
    operUserid: f.oper_userid || null,
    wecomTagIds: f.tag_id ?? [],
  };
  const existing = await db.guideCustomer.findUnique({ where: { guideId_customerId: ids } });
  if (!existing) {
    return (await db.guideCustomer.create({ data: { ...ids, ...data } })).id;
  }
  const isReAdded =
    existing.status !== 'ACTIVE' &&
    addedAt !== null &&
    (!existing.lastEventAt || addedAt > existing.lastEventAt);
  await db.guideCustomer.update({
    where: { id: existing.id },
    data: isReAdded ? { ...data, status: 'ACTIVE', statusChangedAt: new Date(), deleteSource: null } : data,
  });
  return existing.id;
}

/** follow_user lists tags as objects; our relation keeps the corp tag ids (types 1 and 3 have ids). */
export function tagIdsOf(tags: { tag_id?: string }[] | undefined): string[] {
  return (tags ?? []).flatMap((t) => (t.tag_id ? [t.tag_id] : []));
}

/** Personal tags (type 2) have names only. */
export function personalTagsOf(tags: { type: number; tag_name?: string }[] | undefined): string[] {
  return (tags ?? []).flatMap((t) => (t.type === 2 && t.tag_name ? [t.tag_name] : []));
}
