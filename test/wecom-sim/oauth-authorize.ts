import type { Context } from 'koa';
import { CLIENT_SESSION_COOKIE } from './client/routes';
import { checkStateAndRedirect, redirectWithCode, signInRequest } from './sign-in-pages';
import type { WecomSimulator } from './simulator-types';

/**
 * Stand-in for `https://open.weixin.qq.com/connect/oauth2/authorize` (API.md §3.8): redirects to
 * `redirect_uri?code=CODE&state=STATE` with a real code for auth/getuserinfo. Inside WeCom the member is whoever
 * is logged in to the client: here the client session opened by /client/open (its cookie), else a sim-only
 * `sim_userid` parameter (scripts and tests; it wins when given), else the first member with 客户联系. As WeCom
 * does, a redirect_uri off the app's trusted domain is refused with a 50001 error page.
 */
export function handleOauthAuthorize(ctx: Context, sim: WecomSimulator): void {
  const { param, fail } = signInRequest(ctx, 'oauth');
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
  const { state, redirect } = checked;
  const client = sim.state.clientSessions.get(ctx.cookies.get(CLIENT_SESSION_COOKIE) ?? '');
  const guide = [...sim.state.members.values()].find((m) => m.hasCustomerContact);
  const userid = param('sim_userid') || client?.userid || guide?.userid;
  if (!userid || !sim.state.members.has(userid)) return fail(`no member ${userid ?? ''}`);
  redirectWithCode(ctx, sim, redirect, state, userid);
}
