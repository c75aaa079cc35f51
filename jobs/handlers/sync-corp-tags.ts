import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { ensureDefaultTaxonomy } from '../../bot/domain/tags/ensure-default-taxonomy';
import { syncCorpTags } from '../../bot/domain/tags/sync-corp-tags';
import { defineHandler } from '../define-handler';

export const syncCorpTagsHandler = defineHandler('sync-corp-tags', {
  run: async ({ reason }, ctx) => {
    const synced = await syncCorpTags(ctx);
    const settings = await getCorpSettings(ctx);
    const created = settings.createDefaultTaxonomy ? await ensureDefaultTaxonomy(ctx) : [];
    ctx.logger.info({ reason, ...synced, createdGroups: created }, 'corp tags mirrored');
    return { ...synced, createdGroups: created };
  },
});
