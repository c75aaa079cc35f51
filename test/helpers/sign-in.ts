import type Koa from 'koa';
import request from 'supertest';
import type { WecomSimulator } from '../wecom-sim/server';

/** The session cookie's name (and its signature's, `<name>.sig`), as bot/http/middlewares/session.ts sets it. */
export const SESSION_COOKIE = 'scrm_session';

interface Hop {
  status: number;
  location: string;
  /** `name=value` of each Set-Cookie (attributes dropped); an emptied cookie has an empty value. */
  cookies: string[];
  body: string;
}

type Get = (pathOrUrl: string, cookie: string) => Promise<Hop>;

/**
 * Signs `userid` in the way a guide's WeCom client does, through the real OAuth round trip: the bot's
 * `/auth/wecom/start` → the simulator's `/connect/oauth2/authorize` (which issues a real code for that member) →
 * the bot's `/auth/wecom/callback` (state checked, `auth/getuserinfo` called). Returns the `Cookie` header value
 * that carries the session (`scrm_session=…; scrm_session.sig=…`), for supertest's `.set('cookie', …)` or fetch.
 *
 * `bot` is the bot's base URL (a listening server) or the Koa app itself (driven through supertest). The bot's
 * WECOM_OAUTH_AUTHORIZE_URL must point at `sim` (test/helpers/harness.ts does that). The member must be someone
 * the bot lets in (a guide in the database, a department leader or a configured manager or HQ), or this throws.
 */
export async function signIn(
  bot: string | Koa,
  sim: WecomSimulator,
  userid: string,
  returnTo = '/sidebar/',
): Promise<string> {
  const get = typeof bot === 'string' ? fetchGet(bot) : supertestGet(bot);
  const start = await get(`/auth/wecom/start?returnTo=${encodeURIComponent(returnTo)}`, '');
  const authorize = expectRedirect(start, 'GET /auth/wecom/start');
  const expected = `${sim.url}/connect/oauth2/authorize`;
  if (!authorize.startsWith(`${expected}?`)) {
    throw new Error(
      `signIn: the bot redirects to ${authorize.split('?')[0]}, not the simulator (${expected}): ` +
        'set WECOM_OAUTH_AUTHORIZE_URL to it',
    );
  }
  const stateCookie = cookieHeader(start.cookies);
  // The member is whoever is "logged in" to WeCom: sim_userid names them (the simulator's test parameter).
  const authorizeUrl = new URL(authorize);
  authorizeUrl.searchParams.set('sim_userid', userid);
  const issued = await fetchGet(sim.url)(authorizeUrl.toString(), '');
  const callback = expectRedirect(issued, 'the simulator authorize step');
  const landed = await get(callback, stateCookie);
  const target = expectRedirect(landed, 'GET /auth/wecom/callback');
  const session = landed.cookies.filter(
    (c) => c.startsWith(`${SESSION_COOKIE}=`) || c.startsWith(`${SESSION_COOKIE}.sig=`),
  );
  if (session.length !== 2 || session.some((c) => c.endsWith('='))) {
    throw new Error(`signIn: the callback set no session cookie for ${userid} (went to ${target})`);
  }
  return cookieHeader(session);
}

function expectRedirect(hop: Hop, what: string): string {
  if (hop.status !== 302 || !hop.location) {
    throw new Error(`signIn: ${what} answered ${hop.status}, not a redirect: ${hop.body.slice(0, 300)}`);
  }
  return hop.location;
}

/** `a=1; b=2` from Set-Cookie pairs, leaving out cookies being cleared. */
export function cookieHeader(pairs: string[]): string {
  return pairs.filter((pair) => !pair.endsWith('=')).join('; ');
}

function pairsOf(setCookie: string[] | undefined): string[] {
  return (setCookie ?? []).map((line) => line.split(';')[0]?.trim() ?? '').filter(Boolean);
}

function fetchGet(base: string): Get {
  return async (pathOrUrl, cookie) => {
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${base}${pathOrUrl}`;
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    return {
      status: res.status,
      location: res.headers.get('location') ?? '',
      cookies: pairsOf(res.headers.getSetCookie()),
      body: await res.text(),
    };
  };
}

function supertestGet(app: Koa): Get {
  const agent = request(app.callback());
  return async (pathOrUrl, cookie) => {
    // The callback URL is absolute (built from the request's origin); supertest wants the path.
    const path = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl.replace(/^https?:\/\/[^/]+/, '') : pathOrUrl;
    const req = agent.get(path).redirects(0);
    if (cookie) req.set('cookie', cookie);
    const res = await req;
    const setCookie = res.headers['set-cookie'] as unknown as string[] | undefined;
    return {
      status: res.status,
      location: String(res.headers.location ?? ''),
      cookies: pairsOf(setCookie),
      body: res.text ?? '',
    };
  };
}
