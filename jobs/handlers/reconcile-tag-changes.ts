import { findPendingTagPushes } from '../../bot/domain/tags/find-pending-tag-pushes';
import { requestTagPush } from '../../bot/domain/tags/request-tag-push';
import { defineHandler } from '../define-handler';

export const reconcileTagChangesHandler = defineHandler('reconcile-tag-changes', {
  run: async ({ graceMs }, ctx) => {
    const relations = await findPendingTagPushes(ctx, graceMs);
    const bucket = Math.floor(Date.now() / 60_000);
    for (const relationId of relations) await requestTagPush(ctx.enqueue, relationId, `r${bucket}`);
    return { relations: relations.length };
  },
});
