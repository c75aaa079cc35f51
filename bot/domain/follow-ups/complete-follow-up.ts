import type { FollowUp } from '../../generated/prisma/client';
import { AppError } from '../../errors';
import type { DomainDeps } from '../deps';
import { recordInteraction } from './record-interaction';

/**
 * A guide marks one of their follow-ups done (from the sidebar). That counts as an interaction with the
 * customer, so it also closes the other follow-ups it meets. Only the follow-up's own guide may do it.
 */
export async function completeFollowUp(
  deps: DomainDeps,
  input: { followUpId: string; guideUserid: string; at?: Date },
): Promise<FollowUp> {
  const { db } = deps;
  const followUp = await db.followUp.findFirst({
    where: { id: input.followUpId, guide: { userid: input.guideUserid } },
    include: { customer: { select: { externalUserid: true } } },
  });
  if (!followUp) {
    throw new AppError(
      'follow_up_not_found',
      `guide ${input.guideUserid} has no follow-up ${input.followUpId}`,
      {
        status: 404,
      },
    );
  }
  if (followUp.status !== 'PENDING' && followUp.status !== 'REMINDED') return followUp;
  const at = input.at ?? new Date();
  await recordInteraction(deps, {
    guideUserid: input.guideUserid,
    externalUserid: followUp.customer.externalUserid,
    source: 'FOLLOW_UP_DONE',
    occurredAt: at,
    externalId: followUp.id,
  });
  // A custom follow-up is not closed by interactions in general, only by its guide saying so.
  return db.followUp.update({
    where: { id: followUp.id },
    data: { status: 'DONE', statusReason: 'marked done by the guide', closedAt: at },
  });
}
