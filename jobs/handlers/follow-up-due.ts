import { findFollowUpToRemind } from '../../bot/domain/follow-ups/find-follow-up-to-remind';
import { defineHandler } from '../define-handler';

export const followUpDueHandler = defineHandler('follow-up-due', {
  run: async ({ followUpId }, ctx) => {
    const followUp = await findFollowUpToRemind(ctx, followUpId);
    if (followUp === 'closed') return 'closed meanwhile';
    // Moved later since this job was queued: the job for the new due time will fire it.
    if (followUp === 'not due') return 'not due yet';
    // One digest per guide: every follow-up falling due asks for the same job, which the queue de-duplicates.
    await ctx.enqueue('remind-guide', { guideId: followUp.guideId });
    return 'guide reminder requested';
  },
});
