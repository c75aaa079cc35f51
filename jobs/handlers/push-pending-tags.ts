import { pushPendingTags } from '../../bot/domain/tags/push-pending-tags';
import { requestTagPump } from '../../bot/domain/tags/request-tag-pump';
import { defineHandler } from '../define-handler';

export const pushPendingTagsHandler = defineHandler('push-pending-tags', {
  run: async ({ after, lane }, ctx) => {
    // Between pushes, not only at the start: a slice lasts seconds and welcomes come in bursts.
    const result = await pushPendingTags(ctx, { after }, { beforeEach: ctx.waitForTurn });
    if (result.next) {
      await requestTagPump(ctx.enqueue, { ...result.next, lane: lane === 'a' ? 'b' : 'a' });
    }
    return result;
  },
});
