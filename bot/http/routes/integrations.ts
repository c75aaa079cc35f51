import Router from '@koa/router';
import type { DomainDeps } from '../../domain/deps';
import { recordInteractions } from '../../domain/follow-ups/record-interaction';
import { recordOrder } from '../../domain/orders/record-order';
import { InteractionsImportInput } from '../contract/interactions';
import { OrderInput } from '../contract/orders';
import { type IntegrationAuthOptions, integrationAuth, jsonBodyOf } from '../middlewares/integration-auth';
import { presentInteractionResults } from '../presenters/interaction';
import { presentRecordedOrder } from '../presenters/order';
import { parseInput } from '../validate';

/** Server-to-server APIs: purchases from the POS or mall, interactions from a conversation-archive integration. */
export function integrationRoutes(deps: DomainDeps, auth: IntegrationAuthOptions): Router {
  const router = new Router({ prefix: '/api' });
  const signed = integrationAuth(auth);

  router.post('/orders', signed, async (ctx) => {
    const input = parseInput(OrderInput, jsonBodyOf(ctx.state));
    const recorded = await recordOrder(deps, input);
    ctx.status = recorded.isNew ? 201 : 200;
    ctx.body = presentRecordedOrder(recorded);
  });

  router.post('/integrations/interactions', signed, async (ctx) => {
    const { interactions } = parseInput(InteractionsImportInput, jsonBodyOf(ctx.state));
    ctx.body = presentInteractionResults(await recordInteractions(deps, interactions));
  });

  return router;
}
