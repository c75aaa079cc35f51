import { expireFollowUps } from '../../bot/domain/follow-ups/expire-follow-ups';
import {
  failAbandonedWelcomes,
  findGuidesWithOverdueFollowUps,
  findUnfinishedWelcomes,
} from '../../bot/domain/follow-ups/reconcile-follow-ups';
import { defineHandler } from '../define-handler';

export const reconcileFollowUpsHandler = defineHandler('reconcile-follow-ups', {
  run: async ({ graceMs }, ctx) => {
    // First, so a follow-up past its expiry is not reminded once more.
    const expired = await expireFollowUps(ctx);
    const guides = await findGuidesWithOverdueFollowUps(ctx, graceMs);
    for (const guideId of guides) await ctx.enqueue('remind-guide', { guideId });
    const welcomes = await findUnfinishedWelcomes(ctx);
    for (const eventId of welcomes) await ctx.enqueue('send-welcome', { eventIds: [eventId] });
    if (welcomes.length > 0)
      ctx.logger.warn({ count: welcomes.length }, 'welcomes whose job was lost: falling back');
    const abandoned = await failAbandonedWelcomes(ctx);
    if (abandoned > 0) ctx.logger.error({ count: abandoned }, 'welcomes unfinished after two days: FAILED');
    return { expired, guides: guides.length, welcomes: welcomes.length, abandoned };
  },
});
