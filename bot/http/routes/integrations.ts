import Router from '@koa/router';
import { z } from 'zod';
import type { DomainDeps } from '../../domain/deps';
import { recordInteractions } from '../../domain/follow-ups/record-interaction';
import { recordOrder } from '../../domain/orders/record-order';
import { type IntegrationAuthOptions, integrationAuth, jsonBodyOf } from '../middlewares/integration-auth';
import { parseInput } from '../validate';

const OrderInput = z.object({
  orderNo: z.string().min(1).max(64),
  source: z.string().min(1).max(32).default('pos'),
  externalUserid: z.string().min(1).max(64),
  guideUserid: z.string().min(1).max(64).optional(),
  amountCents: z.number().int().min(0).max(1_000_000_000),
  currency: z.string().length(3).default('CNY'),
  items: z
    .array(
      z.object({
        sku: z.string().max(64).optional(),
        name: z.string().min(1).max(200),
        category: z.string().max(64).optional(),
        quantity: z.number().int().min(1),
        priceCents: z.number().int().min(0),
      }),
    )
    .max(500)
    .default([]),
  purchasedAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
});

const InteractionsInput = z.object({
  interactions: z
    .array(
      z.object({
        guideUserid: z.string().min(1).max(64),
        externalUserid: z.string().min(1).max(64),
        source: z
          .enum(['SIDEBAR_MESSAGE', 'GROUP_CHAT', 'MASS_MESSAGE', 'ARCHIVE_IMPORT'])
          .default('ARCHIVE_IMPORT'),
        occurredAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
        externalId: z.string().min(1).max(128).optional(),
      }),
    )
    .min(1)
    .max(1000),
});

/** Server-to-server APIs: purchases from the POS or mall, interactions from a conversation-archive integration. */
export function integrationRoutes(deps: DomainDeps, auth: IntegrationAuthOptions): Router {
  const router = new Router({ prefix: '/api' });
  const signed = integrationAuth(auth);

  router.post('/orders', signed, async (ctx) => {
    const input = parseInput(OrderInput, jsonBodyOf(ctx.state));
    const recorded = await recordOrder(deps, input);
    ctx.status = recorded.isNew ? 201 : 200;
    ctx.body = {
      order: {
        id: recorded.order.id,
        orderNo: recorded.order.orderNo,
        guideUserid: recorded.guideUserid,
        serviceReminderDueAt: recorded.serviceReminderDueAt,
      },
      isNew: recorded.isNew,
    };
  });

  router.post('/integrations/interactions', signed, async (ctx) => {
    const { interactions } = parseInput(InteractionsInput, jsonBodyOf(ctx.state));
    ctx.body = { results: await recordInteractions(deps, interactions) };
  });

  return router;
}
