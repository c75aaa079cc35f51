import type { Context } from 'koa';
import type { WecomSimulator } from './simulator-types';

/**
 * Stand-in for `https://open.weixin.qq.com/connect/oauth2/authorize` (API.md §3.8) so the demo can run the sidebar's
 * OAuth flow without WeCom: redirects to `redirect_uri?code=CODE&state=STATE`. Inside WeCom the member is whoever
 * is logged in; here a sim-only `sim_userid` parameter picks them (default: the first guide with 客户联系).
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
  const state = param('state');
  // state: [a-zA-Z0-9], ≤128 bytes (API.md §3.8).
  if (!/^[a-zA-Z0-9]{0,128}$/.test(state)) return fail('state must be [a-zA-Z0-9]{0,128}');
  let target: URL;
  try {
    target = new URL(param('redirect_uri'));
  } catch {
    return fail('redirect_uri is not an absolute URL');
  }
  const guide = [...sim.state.members.values()].find((m) => m.hasCustomerContact);
  const userid = param('sim_userid') || guide?.userid;
  if (!userid || !sim.state.members.has(userid)) return fail(`no member ${userid ?? ''}`);
  target.searchParams.set('code', sim.issueOauthCode(userid));
  target.searchParams.set('state', state);
  ctx.redirect(target.toString());
}
