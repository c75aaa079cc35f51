import { getExternalContact } from '../../wecom/api/external-contact';
import type { SyncDeps } from '../deps';
import { ensureGuide } from './ensure-guide';
import { personalTagsOf, tagIdsOf } from './upsert-customer';
import { upsertCustomers } from './upsert-customers';
import { writeFollowSnapshots } from './write-follow-snapshots';

/**
 * Re-reads a customer from WeCom (externalcontact/get) and reconciles our customer row and every relation WeCom
 * lists. Relations WeCom no longer lists are left alone: follow_user only shows members in the app's visibility.
 */
export async function syncExternalContact(
  deps: SyncDeps,
  externalUserid: string,
): Promise<{ customerId: string }> {
  const fetchedAt = new Date();
  const detail = await getExternalContact(deps.wecom, externalUserid);
  const customerId = (await upsertCustomers(deps.pool, [detail.external_contact])).get(
    detail.external_contact.external_userid,
  );
  if (!customerId) throw new Error(`customer ${externalUserid} was not written`);
  const snapshots = [];
  for (const follow of detail.follow_user) {
    const guide = await ensureGuide(deps, follow.userid);
    const { tags, ...rest } = follow;
    snapshots.push({
      guideId: guide.id,
      customerId,
      follow: { ...rest, tag_id: tagIdsOf(tags) },
      personalTags: personalTagsOf(tags),
    });
  }
  await writeFollowSnapshots(deps.pool, snapshots, fetchedAt);
  return { customerId };
}
