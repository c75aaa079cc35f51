import { z } from 'zod';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { ensureDefaultTaxonomy } from '../../bot/domain/tags/ensure-default-taxonomy';
import { syncCorpTags } from '../../bot/domain/tags/sync-corp-tags';
import { defineJob } from '../define-job';

export const syncCorpTagsJob = defineJob({
  name: 'sync-corp-tags',
  schema: z.object({ reason: z.string().max(200).default('scheduled') }),
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    // Kept two hours: the scheduler asks every 30 s with the hour's jobId, and a kept job is not added again.
    removeOnComplete: { age: 7_200 },
    removeOnFail: { age: 600 },
  },
  // Periodic background work: it waits while a burst of welcomes (a 20-second window each) is going out.
  yieldsTo: ['send-welcome'],
  handler: async ({ reason }, ctx) => {
    const synced = await syncCorpTags(ctx);
    const settings = await getCorpSettings(ctx.db);
    const created = settings.createDefaultTaxonomy ? await ensureDefaultTaxonomy(ctx) : [];
    ctx.logger.info({ reason, ...synced, createdGroups: created }, 'corp tags mirrored');
    return { ...synced, createdGroups: created };
  },
});
