import { getExternalContact } from '../../wecom/api/external-contact';
import type { SyncDeps } from '../deps';
import { ensureGuide } from './ensure-guide';
import { applyFollowSnapshot, personalTagsOf, tagIdsOf, upsertCustomer } from './upsert-customer';

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
  const customerId = await upsertCustomer(deps, detail.external_contact);
  for (const follow of detail.follow_user) {
    const guide = await ensureGuide(deps, follow.userid);
    const { tags, ...rest } = follow;
    await applyFollowSnapshot(
      deps,
      { guideId: guide.id, customerId },
      { ...rest, tag_id: tagIdsOf(tags) },
      personalTagsOf(tags),
      fetchedAt,
    );
  }
  return { customerId };
}
