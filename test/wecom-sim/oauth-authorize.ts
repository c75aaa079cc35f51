import type { Context } from 'koa';
import { CLIENT_SESSION_COOKIE } from './client/routes';
import type { WecomSimulator } from './simulator-types';

/**
 * Stand-in for `https://open.weixin.qq.com/connect/oauth2/authorize` (API.md §3.8): redirects to
 * `redirect_uri?code=CODE&state=STATE` with a real code for auth/getuserinfo. Inside WeCom the member is whoever
 * is logged in to the client: here the client session opened by /client/open (its cookie), else a sim-only
 * `sim_userid` parameter (scripts and tests; it wins when given), else the first member with 客户联系. As WeCom
 * does, a redirect_uri off the app's trusted domain is refused with a 50001 error page.
 */
export function handleOauthAuthorize(ctx: Context, sim: WecomSimulator): void {
  const param = (name: string): string => {
    const value = ctx.query[name];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  const fail = (message: string): void => {
    ctx.status = 400;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `wecom-sim oauth: ${message}`;
  };
  if (param('appid') !== sim.state.corp.corpId) return fail('appid is not the CorpID');
  if (param('response_type') !== 'code') return fail('response_type must be code');
  const scope = param('scope');
  if (scope !== 'snsapi_base' && scope !== 'snsapi_privateinfo') return fail(`unsupported scope ${scope}`);
  const agentid = param('agentid');
  if (scope === 'snsapi_privateinfo' && !agentid) return fail('snsapi_privateinfo requires agentid');
  if (agentid && agentid !== String(sim.state.corp.agentId))
    return fail(`agentid ${agentid} is not the app's`);
  const checked = checkStateAndRedirect(ctx, sim, param, fail);
  if (!checked) return;
  const { state, redirect: target } = checked;
  const client = sim.state.clientSessions.get(ctx.cookies.get(CLIENT_SESSION_COOKIE) ?? '');
  const guide = [...sim.state.members.values()].find((m) => m.hasCustomerContact);
  const userid = param('sim_userid') || client?.userid || guide?.userid;
  if (!userid || !sim.state.members.has(userid)) return fail(`no member ${userid ?? ''}`);
  target.searchParams.set('code', sim.issueOauthCode(userid));
  target.searchParams.set('state', state);
  ctx.redirect(target.toString());
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
    const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    ctx.status = 200;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = `<!doctype html><meta charset="utf-8"><title>企业微信</title><p>errcode: 50001</p><p>redirect_uri 需使用应用可信域名（${escape(sim.state.trustedDomain)}）：${escape(redirect.hostname)} 不是。</p>`;
    return null;
  }
  return { state, redirect };
}
