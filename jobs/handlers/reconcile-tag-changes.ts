import { z } from 'zod';
import { findPendingTagPushes } from '../../bot/domain/tags/find-pending-tag-pushes';
import { defineJob } from '../define-job';
import { requestTagPush } from '../../bot/domain/tags/request-tag-push';

export const reconcileTagChangesJob = defineJob({
  name: 'reconcile-tag-changes',
  schema: z.object({ graceMs: z.number().int().min(0).default(60_000) }),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: true },
  // Periodic background work: it waits while a burst of welcomes (a 20-second window each) is going out.
  yieldsTo: ['send-welcome'],
  handler: async ({ graceMs }, ctx) => {
    const relations = await findPendingTagPushes(ctx.pool, graceMs);
    const bucket = Math.floor(Date.now() / 60_000);
    for (const relationId of relations) await requestTagPush(ctx.enqueue, relationId, `r${bucket}`);
    return { relations: relations.length };
  },
});
