import { z } from 'zod';
import { defineJob } from '../define-job';

export const followUpDueJob = defineJob({
  name: 'follow-up-due',
  schema: z.object({ followUpId: z.uuid() }),
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  handler: async ({ followUpId }, ctx) => {
    const followUp = await ctx.db.followUp.findUnique({ where: { id: followUpId } });
    if (!followUp || followUp.status !== 'PENDING') return 'closed meanwhile';
    // Moved later since this job was queued: the job for the new due time will fire it.
    if (followUp.dueAt.getTime() > Date.now() + 1000) return 'not due yet';
    // One digest per guide: every follow-up falling due asks for the same job, which Bull de-duplicates.
    await ctx.enqueue('remind-guide', { guideId: followUp.guideId }, { jobId: `remind:${followUp.guideId}` });
    return 'guide reminder requested';
  },
});
