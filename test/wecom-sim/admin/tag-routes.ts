import type Router from '@koa/router';
import { z } from 'zod';
import type { WecomSimulator } from '../simulator-types';
import { readJson } from './request';

/**
 * Admin routes (`/__sim/...`) for admin-console tag edits and client-side tag edits — each calls the simulator
 * method of the same name (actions/action-methods.ts) and answers its result as JSON. Errors use the admin shape
 * `{ error: { code, message } }` (routes.ts).
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

export function registerTagRoutes(router: Router, sim: WecomSimulator): void {
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
