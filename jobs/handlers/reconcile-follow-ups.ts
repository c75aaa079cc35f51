import { z } from 'zod';
import {
  findGuidesWithOverdueFollowUps,
  findUnfinishedWelcomes,
} from '../../bot/domain/follow-ups/reconcile-follow-ups';
import { expireFollowUps } from '../../bot/domain/follow-ups/expire-follow-ups';
import { defineJob } from '../define-job';
import { welcomeJobId } from '../enqueue-event-jobs';

export const reconcileFollowUpsJob = defineJob({
  name: 'reconcile-follow-ups',
  schema: z.object({ graceMs: z.number().int().min(0).default(60_000) }),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  // Periodic background work: it waits while a burst of welcomes (a 20-second window each) is going out.
  yieldsTo: ['send-welcome'],
  handler: async ({ graceMs }, ctx) => {
    // First, so a follow-up past its expiry is not reminded once more.
    const expired = await expireFollowUps(ctx);
    const guides = await findGuidesWithOverdueFollowUps(ctx.db, graceMs);
    for (const guideId of guides)
      await ctx.enqueue('remind-guide', { guideId }, { jobId: `remind:${guideId}` });
    const welcomes = await findUnfinishedWelcomes(ctx.db);
    for (const eventId of welcomes)
      await ctx.enqueue('send-welcome', { eventIds: [eventId] }, { jobId: welcomeJobId([eventId]) });
    if (welcomes.length > 0)
      ctx.logger.warn({ count: welcomes.length }, 'welcomes whose job was lost: falling back');
    return { expired, guides: guides.length, welcomes: welcomes.length };
  },
});
