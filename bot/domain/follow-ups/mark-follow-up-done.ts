import type { FollowUp } from '../../generated/prisma/client';
import { actingGuideUserid } from '../access/acting-guide';
import type { Actor } from '../access/actor';
import { guideScopeWhere } from '../access/guide-scope';
import type { DomainDeps } from '../deps';
import { completeFollowUp } from './complete-follow-up';
import { followUpNotFound } from './snooze-follow-up';

/**
 * Marks a follow-up done on behalf of its guide: a guide for themselves; HQ or a store manager names the guide
 * who did the work (the done mark is an interaction of that guide with the customer), a manager only for a guide
 * of their store. The follow-up must be that guide's.
 */
export async function markFollowUpDone(
  deps: DomainDeps,
  actor: Actor,
  input: { followUpId: string; guideUserid?: string; at?: Date },
): Promise<FollowUp> {
  // Within the actor's scope first, so a follow-up of another store is a 404 whatever guide is named.
  const inScope = await deps.db.followUp.findFirst({
    where: { id: input.followUpId, ...guideScopeWhere(actor) },
    select: { id: true },
  });
  if (!inScope) throw followUpNotFound(input.followUpId);
  const guideUserid = await actingGuideUserid(deps, actor, input.guideUserid);
  return completeFollowUp(deps, { followUpId: input.followUpId, guideUserid, at: input.at });
}
