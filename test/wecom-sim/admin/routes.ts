import Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import type { WecomSimulator } from '../simulator-types';
import { snapshotState } from '../state';
import { registerClientRoutes } from './client-routes';
import { registerGroupRoutes } from './group-chat-routes';
import { registerMassRoutes } from './mass-message-routes';
import { registerMomentRoutes } from './moment-routes';
import { AdminError, readJson } from './request';
import { registerTagRoutes } from './tag-routes';

/**
 * Admin API at `/__sim/*`: lets the CLI (or another process, e.g. the demo or a benchmark) drive a running simulator.
 * Not part of WeCom; admin requests are not recorded in `calls`. Errors use the house shape
 * `{ error: { code, message } }`. Routes here: health, state, calls, guides, customers (add — also through a
 * 「联系我」 config with `configId` —, delete either way, edit incl. personal tags), callback URL, deliver, OAuth codes,
 * faults, tokens, contact ways. Console and client tag edits, customer groups and mass-message sending live in
 * tag-routes.ts, group-chat-routes.ts and mass-message-routes.ts; test/wecom-sim/README.md lists them all.
 */

const userBody = z.object({ userid: z.string().min(1) });
const customerBody = z.object({
  /** The guide; optional when configId picks one (multi-member 「联系我」). */
  userid: z.string().min(1).optional(),
  /** Add through this 「联系我」 config: State comes from it (extends the plain add-customer action). */
  configId: z.string().min(1).optional(),
  name: z.string().optional(),
  externalUserid: z.string().optional(),
  state: z.string().optional(),
  withWelcomeCode: z.boolean().optional(),
  halfAdd: z.boolean().optional(),
  deliver: z.boolean().optional(),
  gender: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  addWay: z.number().int().optional(),
});
const editBody = userBody.extend({
  remark: z.string().optional(),
  description: z.string().optional(),
  addTags: z.array(z.string()).optional(),
  removeTags: z.array(z.string()).optional(),
  addPersonalTags: z.array(z.string()).optional(),
  removePersonalTags: z.array(z.string()).optional(),
});
const faultBody = z.object({ path: z.string().min(1), times: z.number().int().min(1).optional() });

function buildRouter(sim: WecomSimulator): Router {
  const router = new Router({ prefix: '/__sim' });
  router.get('/health', (ctx) => {
    ctx.body = { ok: true, url: sim.url, corpId: sim.state.corp.corpId, callbackUrl: sim.callbackUrl };
  });
  router.get('/state', (ctx) => {
    ctx.body = snapshotState(sim.state);
  });
  router.get('/calls', (ctx) => {
    const path = typeof ctx.query.path === 'string' ? ctx.query.path : undefined;
    ctx.body = { calls: path ? sim.callsTo(path) : sim.calls };
  });
  router.delete('/calls', (ctx) => {
    sim.clearCalls();
    ctx.status = 204;
  });
  router.get('/guides', (ctx) => {
    const departments = new Map(sim.state.departments.map((d) => [d.id, d.name]));
    ctx.body = {
      guides: [...sim.state.members.values()].map((m) => ({
        userid: m.userid,
        name: m.name,
        store: departments.get(m.mainDepartment) ?? '',
        hasCustomerContact: m.hasCustomerContact,
        customers: sim.state.relations.filter((r) => r.userid === m.userid && r.status !== 'guide_deleted')
          .length,
      })),
    };
  });
  router.post('/customers', async (ctx) => {
    const { configId, userid, ...input } = await readJson(ctx, customerBody);
    if (configId)
      ctx.body = await sim.addViaContactWay(configId, { ...input, ...(userid ? { userid } : {}) });
    else if (userid) ctx.body = await sim.addCustomer({ ...input, userid });
    else throw new AdminError(400, 'bad_request', 'userid or configId is required');
  });
  router.post('/customers/:externalUserid/delete-by-guide', async (ctx) => {
    const { userid } = await readJson(ctx, userBody);
    ctx.body = { delivery: await sim.guideDeletesCustomer(userid, ctx.params.externalUserid ?? '') };
  });
  router.post('/customers/:externalUserid/delete-guide', async (ctx) => {
    const { userid } = await readJson(ctx, userBody);
    ctx.body = { delivery: await sim.customerDeletesGuide(userid, ctx.params.externalUserid ?? '') };
  });
  router.post('/customers/:externalUserid/edit', async (ctx) => {
    const { userid, ...patch } = await readJson(ctx, editBody);
    ctx.body = { delivery: await sim.editCustomer(userid, ctx.params.externalUserid ?? '', patch) };
  });
  router.put('/callback-url', async (ctx) => {
    const { url } = await readJson(ctx, z.object({ url: z.url().nullable() }));
    sim.setCallbackUrl(url);
    ctx.body = { callbackUrl: sim.callbackUrl };
  });
  router.post('/verify-url', async (ctx) => {
    ctx.body = await sim.verifyCallbackUrl();
  });
  router.post('/deliver', async (ctx) => {
    const { xml } = await readJson(ctx, z.object({ xml: z.string().min(1) }));
    ctx.body = await sim.deliver(xml);
  });
  router.post('/oauth-codes', async (ctx) => {
    const { userid } = await readJson(ctx, userBody);
    ctx.body = { code: sim.issueOauthCode(userid) };
  });
  router.post('/fail-next', async (ctx) => {
    const input = await readJson(ctx, faultBody.extend({ errcode: z.number().int() }));
    sim.failNext(input.path, input.errcode, input.times);
    ctx.status = 204;
  });
  router.post('/delay-next', async (ctx) => {
    const input = await readJson(ctx, faultBody.extend({ ms: z.number().int().min(0) }));
    sim.delayNext(input.path, input.ms, input.times);
    ctx.status = 204;
  });
  router.post('/tokens/expire', (ctx) => {
    sim.expireTokens();
    ctx.status = 204;
  });
  router.post('/tokens/invalidate', (ctx) => {
    sim.invalidateTokens();
    ctx.status = 204;
  });
  router.get('/contact-ways', (ctx) => {
    ctx.body = { contactWays: sim.state.contactWays };
  });
  registerTagRoutes(router, sim);
  registerGroupRoutes(router, sim);
  registerMassRoutes(router, sim);
  registerMomentRoutes(router, sim);
  registerClientRoutes(router, sim);
  return router;
}

export function createAdminMiddleware(sim: WecomSimulator): Middleware {
  const routes = buildRouter(sim).routes();
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/__sim/')) {
      await next();
      return;
    }
    try {
      await routes(ctx as Parameters<typeof routes>[0], () =>
        Promise.reject(new AdminError(404, 'not_found', `no admin route ${ctx.method} ${ctx.path}`)),
      );
    } catch (error) {
      const known = error instanceof AdminError;
      // Customer actions throw plain Errors on misuse (unknown guide, no relation): the caller's mistake → 400.
      ctx.status = known ? error.status : 400;
      const message = error instanceof Error ? error.message : String(error);
      ctx.body = { error: { code: known ? error.code : 'sim_error', message } };
    }
  };
}
