import { requestTagPump } from '../../bot/domain/tags/request-tag-pump';
import { defineHandler } from '../define-handler';

export const reconcileTagChangesHandler = defineHandler('reconcile-tag-changes', {
  // Every tick: the pump (push-pending-tags) sends whatever is pending, continuously, as the rate limit allows;
  // this restarts it when its chain was lost (Redis flushed, a slice failed) and is absorbed while it runs.
  run: async (_payload, ctx) => {
    await requestTagPump(ctx.enqueue);
    return 'tag pump requested';
  },
});
