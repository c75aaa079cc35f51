import { refreshCustomerPurchases } from '../../bot/domain/lifecycle/refresh-customer-purchases';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { requestTagPush } from '../../bot/domain/tags/request-tag-push';
import { defineHandler } from '../define-handler';

export const refreshCustomerPurchasesHandler = defineHandler('refresh-customer-purchases', {
  run: async ({ customerId }, ctx) => {
    const settings = await getCorpSettings(ctx);
    const relations = await refreshCustomerPurchases(ctx, settings, customerId);
    const key = `p${Date.now()}`;
    for (const relationId of relations) await requestTagPush(ctx.enqueue, relationId, key);
    return { relations: relations.length };
  },
});
