import { sendReminderDigest } from '../../bot/domain/follow-ups/send-reminder-digest';
import { defineHandler } from '../define-handler';

export const remindGuideHandler = defineHandler('remind-guide', {
  run: async ({ guideId }, ctx) => {
    const sidebarUrl = ctx.config.http.publicUrl ? `${ctx.config.http.publicUrl}/sidebar/` : undefined;
    const outcome = await sendReminderDigest(
      { ...ctx, agentId: ctx.config.wecom.agentId, sidebarUrl },
      guideId,
    );
    if (!outcome.sent && outcome.retryAt) {
      // Outside working hours or inside this guide's reminder window: come back when it reopens.
      const at = outcome.retryAt.getTime();
      await ctx.enqueue('remind-guide', { guideId }, { key: String(at), delay: at - Date.now() });
    }
    return outcome;
  },
});
