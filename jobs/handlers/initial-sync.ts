import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { defineHandler } from '../define-handler';

export const initialSyncHandler = defineHandler('initial-sync', {
  run: async (_payload, ctx) => {
    const result = await runInitialSync(ctx);
    // Imported customers get their lifecycle stage and its tag now, not at tomorrow's sweep.
    await ctx.enqueue('update-lifecycle-stages', {}, { key: `after-import:${Date.now()}` });
    return result;
  },
});
