import type { ExternalContactProfile, FollowInfo } from '../../wecom/api/external-contact';
import type { SyncDeps } from '../deps';
import { upsertCustomers } from './upsert-customers';
import { writeFollowSnapshots } from './write-follow-snapshots';

/** Upserts a customer from WeCom's external_contact profile. Returns its id. */
export async function upsertCustomer(
  { pool }: Pick<SyncDeps, 'pool'>,
  p: ExternalContactProfile,
): Promise<string> {
  const ids = await upsertCustomers(pool, [p]);
  const id = ids.get(p.external_userid);
  if (!id) throw new Error(`customer ${p.external_userid} was not written`);
  return id;
}

/**
 * Applies WeCom's current view of one guide–customer relation (follow_user / follow_info), its tags included:
 * the one-row case of writeFollowSnapshots (its rules for relations we saw deleted hold here too).
 * `personalTags` only when WeCom said (externalcontact/get lists them; batch/get_by_user does not).
 */
export async function applyFollowSnapshot(
  { pool }: Pick<SyncDeps, 'pool'>,
  ids: { guideId: string; customerId: string },
  f: FollowInfo,
  personalTags?: string[],
  fetchedAt?: Date,
): Promise<void> {
  await writeFollowSnapshots(pool, [{ ...ids, follow: f, personalTags }], fetchedAt);
}

/** follow_user lists tags as objects; our relation keeps the corp tag ids (types 1 and 3 have ids). */
export function tagIdsOf(tags: { tag_id?: string }[] | undefined): string[] {
  return (tags ?? []).flatMap((t) => (t.tag_id ? [t.tag_id] : []));
}

/** Personal tags (type 2) have names only. */
export function personalTagsOf(tags: { type: number; tag_name?: string }[] | undefined): string[] {
  return (tags ?? []).flatMap((t) => (t.type === 2 && t.tag_name ? [t.tag_name] : []));
}
