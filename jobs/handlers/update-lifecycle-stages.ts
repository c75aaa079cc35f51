import { z } from 'zod';
import { findStalePurchaseFigures } from '../../bot/domain/lifecycle/find-stale-purchase-figures';
import { refreshCustomerPurchases } from '../../bot/domain/lifecycle/refresh-customer-purchases';
import { updateLifecycleStages } from '../../bot/domain/lifecycle/update-lifecycle-stages';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { defineJob } from '../define-job';

/** Daily: lifecycle stages move with time alone; purchase figures a lost job missed are caught up. */
export const updateLifecycleStagesJob = defineJob({
  name: 'update-lifecycle-stages',
  schema: z.object({ now: z.iso.datetime().optional() }),
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    // Kept a day and more: the scheduler asks every 30 s with the day's jobId, and a kept job is not added again.
    removeOnComplete: { age: 2 * 86_400 },
    removeOnFail: { age: 3_600 },
  },
  // Periodic background work: it waits while a burst of welcomes (a 20-second window each) is going out.
  yieldsTo: ['send-welcome'],
  handler: async ({ now }, ctx) => {
    const settings = await getCorpSettings(ctx.db);
    const at = now ? new Date(now) : new Date();
    const stale = await findStalePurchaseFigures(ctx.pool);
    for (const customerId of stale) await refreshCustomerPurchases(ctx, settings, customerId, at);
    const sweep = await updateLifecycleStages(ctx, { timezone: settings.timezone, now: at });
    // The changes wait as PENDING rows; the push reconciler sends them within WeCom's limits.
    await ctx.enqueue('reconcile-tag-changes', { graceMs: 0 });
    ctx.logger.info({ ...sweep, staleFigures: stale.length }, 'lifecycle stages updated');
    return { ...sweep, staleFigures: stale.length };
  },
});
