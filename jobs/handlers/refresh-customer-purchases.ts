import { z } from 'zod';
import { refreshCustomerPurchases } from '../../bot/domain/lifecycle/refresh-customer-purchases';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { requestTagPush } from '../../bot/domain/tags/request-tag-push';
import { defineJob } from '../define-job';

export const refreshCustomerPurchasesJob = defineJob({
  name: 'refresh-customer-purchases',
  schema: z.object({ customerId: z.uuid() }),
  options: {
    attempts: 5,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: true,
    removeOnFail: true,
  },
  handler: async ({ customerId }, ctx) => {
    const settings = await getCorpSettings(ctx.db);
    const relations = await refreshCustomerPurchases(ctx, settings, customerId);
    const key = `p${Date.now()}`;
    for (const relationId of relations) await requestTagPush(ctx.enqueue, relationId, key);
    return { relations: relations.length };
  },
});
