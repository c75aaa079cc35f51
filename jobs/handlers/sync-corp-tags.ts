import { reconcileChannelWrites } from '../../bot/domain/channels/settle-channel-writes';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { ensureDefaultTaxonomy } from '../../bot/domain/tags/ensure-default-taxonomy';
import { syncCorpTags } from '../../bot/domain/tags/sync-corp-tags';
import { defineHandler } from '../define-handler';

/**
 * The mirror of WeCom's configuration, at start, hourly and after tag callbacks: corp tags (and the default
 * taxonomy), then the channel writes a failed request left unsettled (WeCom changed, our write did not land).
 */
export const syncCorpTagsHandler = defineHandler('sync-corp-tags', {
  run: async ({ reason }, ctx) => {
    // First, and on its own: a failing tag sync must not keep the channel writes unsettled.
    const channelWrites = await reconcileChannelWrites(ctx).catch((error: unknown) => {
      ctx.logger.warn({ err: error }, 'channel writes not reconciled; next sync will');
      return null;
    });
    const synced = await syncCorpTags(ctx);
    const settings = await getCorpSettings(ctx);
    const created = settings.createDefaultTaxonomy ? await ensureDefaultTaxonomy(ctx) : [];
    ctx.logger.info({ reason, ...synced, createdGroups: created }, 'corp tags mirrored');
    return { ...synced, createdGroups: created, channelWrites };
  },
});
