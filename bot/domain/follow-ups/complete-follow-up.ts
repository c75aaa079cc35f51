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
  // Conditional: a deletion that cancelled it meanwhile stands. First this one (custom follow-ups are closed
  // only by their guide), then the interaction, which closes the others it meets.
  await db.followUp.updateMany({
    where: { id: followUp.id, status: { in: ['PENDING', 'REMINDED'] } },
    data: { status: 'DONE', statusReason: 'marked done by the guide', closedAt: at },
  });
  await recordInteraction(deps, {
    guideUserid: input.guideUserid,
    externalUserid: followUp.customer.externalUserid,
    source: 'FOLLOW_UP_DONE',
    occurredAt: at,
    externalId: followUp.id,
  });
  return db.followUp.findUniqueOrThrow({ where: { id: followUp.id } });
}
