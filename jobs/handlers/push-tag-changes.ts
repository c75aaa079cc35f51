import { pushTagChanges } from '../../bot/domain/tags/push-tag-changes';
import { defineHandler } from '../define-handler';

export const pushTagChangesHandler = defineHandler('push-tag-changes', {
  // Each push holds a database connection across its WeCom call (the per-relation lock): a few at a time, so a
  // sweep's thousand pushes never take the pool from welcomes and callbacks.
  concurrency: 4,
  run: ({ relationId }, ctx) => pushTagChanges(ctx, relationId),
});
