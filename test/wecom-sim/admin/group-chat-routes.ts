import type Router from '@koa/router';
import { z } from 'zod';
import type { WecomSimulator } from '../simulator-types';
import { readJson } from './request';

/**
 * Admin routes (`/__sim/...`) for customer groups — each calls the simulator method of the same name
 * (actions/action-methods.ts) and answers its result as JSON. Errors use the admin shape
 * `{ error: { code, message } }` (routes.ts).
 */

const ids = z.array(z.string().min(1));
const groupBody = z.object({
  owner: z.string().min(1),
  name: z.string().optional(),
  notice: z.string().optional(),
  members: ids.optional(),
  admins: ids.optional(),
});
const joinBody = z.object({
  id: z.string().min(1).optional(),
  name: z.string().optional(),
  how: z.enum(['invite', 'link', 'qrcode']).optional(),
  invitor: z.string().min(1).optional(),
});

export function registerGroupRoutes(router: Router, sim: WecomSimulator): void {
  router.get('/group-chats', (ctx) => {
    ctx.body = { groupChats: sim.state.groupChats };
  });
  router.post('/group-chats', async (ctx) => {
    ctx.body = await sim.createGroupChat(await readJson(ctx, groupBody));
  });
  router.post('/group-chats/:chatId/join', async (ctx) => {
    ctx.body = await sim.customerJoinsGroup(ctx.params.chatId ?? '', await readJson(ctx, joinBody));
  });
  router.post('/group-chats/:chatId/leave', async (ctx) => {
    const body = await readJson(ctx, z.object({ id: z.string().min(1), removed: z.boolean().optional() }));
    ctx.body = {
      delivery: await sim.customerLeavesGroup(ctx.params.chatId ?? '', body.id, {
        removed: body.removed ?? false,
      }),
    };
  });
  router.post('/group-chats/:chatId/dismiss', async (ctx) => {
    ctx.body = { delivery: await sim.dismissGroupChat(ctx.params.chatId ?? '') };
  });
}
