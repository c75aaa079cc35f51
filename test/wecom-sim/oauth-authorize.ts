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
  const state = param('state');
  // state: [a-zA-Z0-9], ≤128 bytes (API.md §3.8).
  if (!/^[a-zA-Z0-9]{0,128}$/.test(state)) return fail('state must be [a-zA-Z0-9]{0,128}');
  let target: URL;
  try {
    target = new URL(param('redirect_uri'));
  } catch {
    return fail('redirect_uri is not an absolute URL');
  }
  // The redirect domain must be the trusted domain itself (API.md §3.8). WeCom shows an error page; its exact
  // wording and HTTP status are UNCONFIRMED.
  if (target.hostname !== sim.state.trustedDomain) {
    ctx.status = 200;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = `<!doctype html><meta charset="utf-8"><title>企业微信</title><p>errcode: 50001</p><p>redirect_uri 需使用应用可信域名（${sim.state.trustedDomain}）：${target.hostname} 不是。</p>`;
    return;
  }
  const client = sim.state.clientSessions.get(ctx.cookies.get(CLIENT_SESSION_COOKIE) ?? '');
  const guide = [...sim.state.members.values()].find((m) => m.hasCustomerContact);
  const userid = param('sim_userid') || client?.userid || guide?.userid;
  if (!userid || !sim.state.members.has(userid)) return fail(`no member ${userid ?? ''}`);
  target.searchParams.set('code', sim.issueOauthCode(userid));
  target.searchParams.set('state', state);
  ctx.redirect(target.toString());
}
