import type { Context, Middleware } from 'koa';
import getRawBody from 'raw-body';
import type { z } from 'zod';
import type { WecomSimulator } from '../simulator-types';
import { CallBody, RegisterBody, callClient, registerClient } from './client-api';
import { CLIENT_ENTRIES, type ClientEntry, type ClientPlatform } from './client-types';
import { jssdkScript } from './jssdk-script';

/** The cookie naming the client session on the simulator's origin: the authorize step reads it. */
export const CLIENT_SESSION_COOKIE = 'wwsim_session';

const text = (ctx: Context, status: number, body: string): void => {
  ctx.status = status;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = body;
};

function allowAnyOrigin(ctx: Context): void {
  // The stand-in runs on the bot's origin and calls the simulator's: a cross-origin page, no credentials.
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  ctx.set('Access-Control-Allow-Headers', 'content-type');
}

async function readBody<S extends z.ZodType>(ctx: Context, schema: S): Promise<z.output<S> | null> {
  const raw = await getRawBody(ctx.req, { encoding: 'utf8', limit: '1mb' });
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The stand-in for the WeCom client, at `/client/*` (not a WeCom API; never recorded in `calls`):
 * - `GET /client/open?userid&entry&platform&external_userid&chat_id&target`: a client (platform mobile, the
 *   default, or desktop) logged in as `userid` opens
 *   `target` (the sidebar) from that chat; the session is named in a cookie here (OAuth's authorize step picks
 *   the member from it) and in `?wwsim=` on the target (the stand-in script's key).
 * - `GET /client/jssdk.js`: the script; `POST /client/api/register|call`: what it asks the client.
 */
export function createClientMiddleware(sim: WecomSimulator): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/client/')) {
      await next();
      return undefined;
    }
    if (ctx.path === '/client/open' && ctx.method === 'GET') return openClient(ctx, sim);
    if (ctx.path === '/client/jssdk.js' && ctx.method === 'GET') {
      allowAnyOrigin(ctx);
      ctx.type = 'application/javascript; charset=utf-8';
      // It stands in for the client's own bridge, which a page in WeCom never downloads: cached, so that a warm
      // load costs what it would in WeCom, not one more round trip (the script differs only by this simulator's
      // origin, which is in its URL).
      ctx.set('Cache-Control', 'public, max-age=3600');
      // Not ctx.origin: since Koa 3 that is the Origin header (the page's), not ours.
      ctx.body = jssdkScript(`${ctx.protocol}://${ctx.host}`);
      return undefined;
    }
    if (ctx.path.startsWith('/client/api/')) {
      allowAnyOrigin(ctx);
      if (ctx.method === 'OPTIONS') {
        ctx.status = 204;
        return undefined;
      }
      const now = sim.now();
      if (ctx.path === '/client/api/register' && ctx.method === 'POST') {
        const body = await readBody(ctx, RegisterBody);
        if (!body) return text(ctx, 400, 'wecom-sim client: bad register body');
        ctx.body = registerClient(sim.state, now, body);
        return undefined;
      }
      if (ctx.path === '/client/api/call' && ctx.method === 'POST') {
        const body = await readBody(ctx, CallBody);
        if (!body) return text(ctx, 400, 'wecom-sim client: bad call body');
        ctx.body = callClient(sim.state, now, body);
        return undefined;
      }
    }
    return text(ctx, 404, `wecom-sim client: no route ${ctx.method} ${ctx.path}`);
  };
}

function openClient(ctx: Context, sim: WecomSimulator): void {
  const param = (name: string): string | undefined => {
    const value = ctx.query[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === '' ? undefined : first;
  };
  const entry = (param('entry') ?? 'single_chat_tools') as ClientEntry;
  if (!CLIENT_ENTRIES.includes(entry)) {
    return text(ctx, 400, `wecom-sim client: entry must be one of ${CLIENT_ENTRIES.join(', ')}`);
  }
  let target: URL;
  try {
    target = new URL(param('target') ?? '');
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error('not http');
  } catch {
    return text(ctx, 400, 'wecom-sim client: target must be the absolute http(s) URL of the page to open');
  }
  try {
    const session = sim.openClient({
      userid: param('userid') ?? '',
      entry,
      ...(param('platform') ? { platform: param('platform') as ClientPlatform } : {}),
      ...(param('external_userid') ? { externalUserid: param('external_userid') } : {}),
      ...(param('chat_id') ? { chatId: param('chat_id') } : {}),
    });
    ctx.cookies.set(CLIENT_SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'lax', path: '/' });
    target.searchParams.set('wwsim', session.id);
    ctx.redirect(target.toString());
  } catch (error) {
    text(ctx, 400, (error as Error).message);
  }
}
