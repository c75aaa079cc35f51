import { syncMoments } from '../../bot/domain/moments/sync-moments';
import { defineHandler } from '../define-handler';

export const syncMomentsHandler = defineHandler('sync-moments', {
  run: async ({ verifyDays }, ctx) => {
    const result = await syncMoments(ctx, verifyDays === undefined ? {} : { verifyDays });
    return { calls: result.calls, posts: result.posts, deleted: result.deleted };
  },
});
