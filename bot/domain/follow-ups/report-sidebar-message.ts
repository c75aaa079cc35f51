import type { Actor } from '../access/actor';
import { actingGuideUserid } from '../access/acting-guide';
import type { DomainDeps } from '../deps';
import { type RecordedInteraction, recordInteraction } from './record-interaction';

/**
 * A message the guide sent from the sidebar (JS-SDK sendChatMessage), reported by the page: an interaction that
 * closes the follow-ups it meets. The page makes up `clientId` once per message, so a report retried after a
 * dropped connection is recorded once.
 */
export async function reportSidebarMessage(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: { guideUserid?: string; externalUserid: string; clientId: string; sentAt?: Date },
): Promise<RecordedInteraction> {
  const guideUserid = await actingGuideUserid(deps, actor, input.guideUserid);
  return recordInteraction(deps, {
    guideUserid,
    externalUserid: input.externalUserid,
    source: 'SIDEBAR_MESSAGE',
    // The page's clock is not trusted beyond the present.
    occurredAt: input.sentAt && input.sentAt < new Date() ? input.sentAt : new Date(),
    externalId: `sidebar:${input.clientId}`,
  });
}
