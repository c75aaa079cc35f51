import type Router from '@koa/router';
import { z } from 'zod';
import type { WecomSimulator } from '../simulator-types';
import { readJson } from './request';

/**
 * Admin routes (`/__sim/...`) for mass-message sending — each calls the simulator method of the same name
 * (actions/action-methods.ts) and answers its result as JSON. Errors use the admin shape
 * `{ error: { code, message } }` (routes.ts).
 */

const ids = z.array(z.string().min(1));
const massBody = z.object({ userid: z.string().min(1).optional(), skip: ids.optional() });

export function registerMassRoutes(router: Router, sim: WecomSimulator): void {
  router.get('/mass-messages', (ctx) => {
    ctx.body = { massMessages: sim.state.massMessages };
  });
  router.post('/mass-messages/:msgid/confirm', async (ctx) => {
    const { userid } = await readJson(ctx, massBody);
    ctx.body = { tasks: sim.guideConfirmsMassMessage(ctx.params.msgid ?? '', userid) };
  });
  router.post('/mass-messages/:msgid/send', async (ctx) => {
    const { userid, skip } = await readJson(ctx, massBody);
    ctx.body = sim.guideSendsMassMessage(ctx.params.msgid ?? '', {
      ...(userid ? { userid } : {}),
      ...(skip ? { skip } : {}),
    });
  });
}
