import { z } from 'zod';
import { sendReminderDigest } from '../../bot/domain/follow-ups/send-reminder-digest';
import { defineJob } from '../define-job';

export const remindGuideJob = defineJob({
  name: 'remind-guide',
  schema: z.object({ guideId: z.uuid() }),
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  handler: async ({ guideId }, ctx) => {
    const sidebarUrl = ctx.config.http.publicUrl ? `${ctx.config.http.publicUrl}/sidebar/` : undefined;
    const outcome = await sendReminderDigest(
      { ...ctx, agentId: ctx.config.wecom.agentId, sidebarUrl },
      guideId,
    );
    if (!outcome.sent && outcome.retryAt) {
      // Outside working hours or inside this guide's reminder window: come back when it reopens.
      const at = outcome.retryAt.getTime();
      await ctx.enqueue(
        'remind-guide',
        { guideId },
        { jobId: `remind:${guideId}:${at}`, delay: at - Date.now() },
      );
    }
    return outcome;
  },
});
