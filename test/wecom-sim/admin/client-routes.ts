import type Router from '@koa/router';
import { z } from 'zod';
import { CLIENT_ENTRIES } from '../client/client-types';
import { SignatureCheck } from '../client/verify-signature';
import type { WecomSimulator } from '../simulator-types';
import { AdminError, readJson } from './request';

const openBody = z.object({
  userid: z.string().min(1),
  entry: z.enum(CLIENT_ENTRIES).default('single_chat_tools'),
  externalUserid: z.string().min(1).optional(),
  chatId: z.string().min(1).optional(),
  /** The page to open (the sidebar); the answer's `url` opens it as this client. */
  target: z.url(),
});

/**
 * The WeCom-client stand-in's admin routes: open a client session (the URL that opens the sidebar as that
 * member in that chat), list sessions and what their pages asked of the JS-SDK, check a JS-SDK signature as the
 * client would, and set the app's trusted domain.
 */
export function registerClientRoutes(router: Router, sim: WecomSimulator): void {
  router.post('/client-sessions', async (ctx) => {
    const { target, ...input } = await readJson(ctx, openBody);
    // Checked now (the customer, the chat), so the CLI says what is wrong before a browser opens anything.
    const session = sim.openClient(input);
    sim.state.clientSessions.delete(session.id);
    ctx.body = { url: sim.clientOpenUrl({ ...input, target }) };
  });
  router.get('/client-sessions', (ctx) => {
    ctx.body = {
      sessions: [...sim.state.clientSessions.values()].map(({ calls, ...session }) => ({
        ...session,
        calls: calls.length,
      })),
    };
  });
  router.get('/client-sessions/:id/calls', (ctx) => {
    const id = ctx.params.id ?? '';
    if (!sim.state.clientSessions.has(id)) throw new AdminError(404, 'not_found', `no client session ${id}`);
    const api = typeof ctx.query.api === 'string' ? ctx.query.api : undefined;
    ctx.body = { calls: sim.clientCalls(id, api) };
  });
  router.post('/client/verify-signature', async (ctx) => {
    ctx.body = sim.verifyJsapiSignature(await readJson(ctx, SignatureCheck));
  });
  router.put('/trusted-domain', async (ctx) => {
    const { domain } = await readJson(ctx, z.object({ domain: z.string().min(1).max(253) }));
    sim.setTrustedDomain(domain);
    ctx.body = { trustedDomain: sim.state.trustedDomain };
  });
}
