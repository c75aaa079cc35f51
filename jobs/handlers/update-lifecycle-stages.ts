import { findStalePurchaseFigures } from '../../bot/domain/lifecycle/find-stale-purchase-figures';
import { refreshCustomerPurchases } from '../../bot/domain/lifecycle/refresh-customer-purchases';
import { updateLifecycleStages } from '../../bot/domain/lifecycle/update-lifecycle-stages';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { requestTagPump } from '../../bot/domain/tags/request-tag-pump';
import { defineHandler } from '../define-handler';

export const updateLifecycleStagesHandler = defineHandler('update-lifecycle-stages', {
  run: async ({ now }, ctx) => {
    const settings = await getCorpSettings(ctx);
    const at = now ? new Date(now) : new Date();
    const stale = await findStalePurchaseFigures(ctx);
    for (const customerId of stale) await refreshCustomerPurchases(ctx, settings, customerId, at);
    const sweep = await updateLifecycleStages(ctx, { timezone: settings.timezone, now: at });
    // The changes wait as PENDING rows; the tag pump sends them, continuously, within WeCom's limits.
    await requestTagPump(ctx.enqueue);
    ctx.logger.info({ ...sweep, staleFigures: stale.length }, 'lifecycle stages updated');
    return { ...sweep, staleFigures: stale.length };
  },
});
