import type Router from '@koa/router';
import { z } from 'zod';
import { readJson } from './admin-common';
import type { WecomSimulator } from './server';

/**
 * Admin routes (`/__sim/...`) for 「联系我」 configs, admin-console tag edits, client-side tag edits, customer groups
 * and mass-message sending — each calls the simulator method of the same name (sim-extended-methods.ts) and
 * answers its result as JSON. Errors use the admin shape `{ error: { code, message } }` (admin.ts).
 */

const ids = z.array(z.string().min(1));
const tagSpec = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1), order: z.number().int().optional() }),
]);

const tagGroupBody = z.object({
  groupName: z.string().min(1).optional(),
  groupId: z.string().min(1).optional(),
  tags: z.array(tagSpec).min(1),
  order: z.number().int().optional(),
  strategyId: z.number().int().optional(),
});
const shuffleBody = z.object({
  groupId: z.string().min(1).optional(),
  strategyId: z.number().int().optional(),
  order: ids,
});
const tagPatchBody = z.object({
  userid: z.string().min(1),
  addTags: ids.optional(),
  removeTags: ids.optional(),
  addPersonalTags: ids.optional(),
  removePersonalTags: ids.optional(),
});
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
const massBody = z.object({ userid: z.string().min(1).optional(), skip: ids.optional() });

function registerTagRoutes(router: Router, sim: WecomSimulator): void {
  router.post('/console/tag-groups', async (ctx) => {
    ctx.body = await sim.consoleCreateTagGroup(await readJson(ctx, tagGroupBody));
  });
  router.post('/console/tags/:id/rename', async (ctx) => {
    const { name } = await readJson(ctx, z.object({ name: z.string().min(1) }));
    ctx.body = await sim.consoleRenameTag(ctx.params.id ?? '', name);
  });
  router.post('/console/tags/delete', async (ctx) => {
    ctx.body = await sim.consoleDeleteTags((await readJson(ctx, z.object({ ids: ids.min(1) }))).ids);
  });
  router.post('/console/tags/shuffle', async (ctx) => {
    ctx.body = await sim.consoleShuffleTags(await readJson(ctx, shuffleBody));
  });
  router.post('/customers/:externalUserid/tags', async (ctx) => {
    const { userid, ...patch } = await readJson(ctx, tagPatchBody);
    ctx.body = { delivery: await sim.guideEditsTags(userid, ctx.params.externalUserid ?? '', patch) };
  });
  router.put('/customers/:externalUserid/personal-tags', async (ctx) => {
    const { userid, tags } = await readJson(ctx, z.object({ userid: z.string().min(1), tags: ids }));
    sim.setPersonalTags(userid, ctx.params.externalUserid ?? '', tags);
    ctx.status = 204;
  });
}

function registerGroupRoutes(router: Router, sim: WecomSimulator): void {
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

function registerMassRoutes(router: Router, sim: WecomSimulator): void {
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

/** Adds the routes above to the admin router (prefix `/__sim`). */
export function registerExtendedRoutes(router: Router, sim: WecomSimulator): void {
  router.get('/contact-ways', (ctx) => {
    ctx.body = { contactWays: sim.state.contactWays };
  });
  registerTagRoutes(router, sim);
  registerGroupRoutes(router, sim);
  registerMassRoutes(router, sim);
}
