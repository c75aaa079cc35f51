import type { Context } from 'koa';
import type { WecomSimulator } from './simulator-types';

// What WeCom's two sign-in pages share (OAuth's authorize page and the web login's QR page): reading the query,
// refusing a request, the checks of state and redirect_uri, and the trip back with a code.

/** Text for an HTML page. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The request's parameters (the first of a repeated one, '' when absent) and a refusal in plain text. */
export function signInRequest(ctx: Context, page: string) {
  return {
    param: (name: string): string => {
      const value = ctx.query[name];
      return (Array.isArray(value) ? value[0] : value) ?? '';
    },
    fail: (message: string): void => {
      ctx.status = 400;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `wecom-sim ${page}: ${message}`;
    },
  };
}

/**
 * What WeCom checks of every sign-in page's return (OAuth and web login alike): `state` `[a-zA-Z0-9]` ≤128
 * bytes (API.md §3.8), and a `redirect_uri` on the app's trusted domain itself; off it WeCom shows an error page
 * (its exact wording and HTTP status are UNCONFIRMED) and goes nowhere. Null when the answer has been written.
 */
export function checkStateAndRedirect(
  ctx: Context,
  sim: WecomSimulator,
  param: (name: string) => string,
  fail: (message: string) => void,
): { state: string; redirect: URL } | null {
  const state = param('state');
  if (!/^[a-zA-Z0-9]{0,128}$/.test(state)) {
    fail('state must be [a-zA-Z0-9]{0,128}');
    return null;
  }
  let redirect: URL;
  try {
    redirect = new URL(param('redirect_uri'));
  } catch {
    fail('redirect_uri is not an absolute URL');
    return null;
  }
  if (redirect.hostname !== sim.state.trustedDomain) {
    ctx.status = 200;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = `<!doctype html><meta charset="utf-8"><title>企业微信</title><p>errcode: 50001</p><p>redirect_uri 需使用应用可信域名（${escapeHtml(sim.state.trustedDomain)}）：${escapeHtml(redirect.hostname)} 不是。</p>`;
    return null;
  }
  return { state, redirect };
}

/** Back to the app with a real code for auth/getuserinfo (single use, 5 minutes) and the state it sent. */
export function redirectWithCode(
  ctx: Context,
  sim: WecomSimulator,
  redirect: URL,
  state: string,
  userid: string,
) {
  redirect.searchParams.set('code', sim.issueOauthCode(userid));
  redirect.searchParams.set('state', state);
  ctx.redirect(redirect.toString());
}
