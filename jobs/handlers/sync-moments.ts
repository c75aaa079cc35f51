import { syncMomentReactions } from '../../bot/domain/moments/sync-moment-reactions';
import { syncMoments } from '../../bot/domain/moments/sync-moments';
import { defineHandler } from '../define-handler';

export const syncMomentsHandler = defineHandler('sync-moments', {
  run: async ({ verifyDays }, ctx) => {
    if (verifyDays === undefined) {
      const result = await syncMoments(ctx);
      return { calls: result.calls, posts: result.posts };
    }
    // The daily run: the days again (deleted posts), then the likes and comments on what is still there (one
    // call a post, so once a day rather than every 15 minutes).
    const result = await syncMoments(ctx, { verifyDays });
    const reactions = await syncMomentReactions(ctx, { days: verifyDays });
    return {
      calls: result.calls,
      posts: result.posts,
      deleted: result.deleted,
      reactionsRecorded: reactions.recorded,
      reactionsRejected: reactions.rejected,
    };
  },
});
