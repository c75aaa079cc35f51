import type { FollowUp } from '../../generated/prisma/client';
import { AppError, badRequest } from '../../errors';
import type { Actor } from '../access/actor';
import type { DomainDeps } from '../deps';
import { completeFollowUp } from './complete-follow-up';

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
  let guideUserid: string;
  if (actor.kind === 'guide') {
    guideUserid = actor.userid;
  } else {
    if (!input.guideUserid) throw badRequest('guide_required', 'give guideUserid: the guide who did it');
    guideUserid = input.guideUserid;
    if (actor.kind === 'store_manager') {
      const guide = await deps.db.guide.findFirst({ where: { userid: guideUserid, storeId: actor.storeId } });
      if (!guide) {
        throw new AppError('forbidden', `${guideUserid} is not a guide of your store`, { status: 403 });
      }
    }
  }
  return completeFollowUp(deps, { followUpId: input.followUpId, guideUserid, at: input.at });
}
