import { WecomError } from '../errors';
import { HOUR_MS } from '../rate-limit';
import type { SimState } from '../state';
import { randomId } from './common';
import type { ApiContext, ApiRoute } from './common';
import { requireMember } from './directory';

/** Issues an OAuth code for a member, as WeCom does when the member opens an authorize URL (API.md §3.8). */
export function issueOauthCode(state: SimState, userid: string, now: number): string {
  if (!state.members.has(userid)) throw new Error(`wecom-sim: no member ${userid}`);
  // Real codes are opaque and ≤512 bytes.
  const code = randomId('', 43);
  state.oauthCodes.set(code, { code, userid, issuedAt: now, usedAt: null });
  return code;
}

/**
 * A code for someone outside the corp (a WeChat user opening the page): getuserinfo answers their `openid`, and
 * `external_userid` when they are a customer of the corp (API.md §3.8).
 */
export function issueOutsiderOauthCode(
  state: SimState,
  who: { openid?: string; externalUserid?: string },
  now: number,
): string {
  const code = randomId('', 43);
  state.oauthCodes.set(code, {
    code,
    userid: null,
    openid: who.openid ?? randomId('o', 27),
    ...(who.externalUserid ? { externalUserid: who.externalUserid } : {}),
    issuedAt: now,
    usedAt: null,
  });
  return code;
}

/**
 * `GET auth/getuserinfo?code`: single use, 5-minute TTL, otherwise 40029. A member's code answers `userid`
 * (snsapi_base: no user_ticket); an outsider's `openid` (+ `external_userid`).
 */
export const authGetUserInfo: ApiRoute = {
  method: 'GET',
  auth: true,
  handler: ({ query, ctx }) => {
    const code = query.code ? ctx.state.oauthCodes.get(query.code) : undefined;
    const now = ctx.now();
    if (!code) throw new WecomError(40029, 'unknown code');
    if (code.usedAt !== null) throw new WecomError(40029, 'code already used');
    if (now - code.issuedAt > ctx.limits.oauthCodeTtlMs) throw new WecomError(40029, 'code expired');
    code.usedAt = now;
    if (code.userid === null) {
      return {
        openid: code.openid,
        ...(code.externalUserid ? { external_userid: code.externalUserid } : {}),
      };
    }
    requireMember(ctx.state, code.userid);
    return { userid: code.userid };
  },
};

function issueTicket(ctx: ApiContext, type: 'jsapi' | 'agent_config'): Record<string, unknown> {
  const now = ctx.now();
  // 400/hour per corp for the corp ticket, 100/hour per app for the agent ticket (API.md §3.10) → 45009.
  const limit = type === 'jsapi' ? ctx.limits.jsapiTicketPerHour : ctx.limits.agentTicketPerHour;
  if (ctx.counters.exceeds(`ticket:${type}`, HOUR_MS, now, limit))
    throw new WecomError(45009, `${type} ticket/hour`);
  const ticket = randomId(type === 'jsapi' ? 'sM4AOVdWfPE4Dx' : 'bxLdikRXVbTPdHSM', 72);
  ctx.state.tickets.set(ticket, {
    ticket,
    type,
    issuedAt: now,
    expiresAt: now + ctx.limits.ticketTtlSeconds * 1000,
  });
  return { ticket, expires_in: ctx.limits.ticketTtlSeconds };
}

/** `GET get_jsapi_ticket`: the corp ticket for wx.config / getConfigSignature. */
export const getJsapiTicket: ApiRoute = {
  method: 'GET',
  auth: true,
  handler: ({ ctx }) => issueTicket(ctx, 'jsapi'),
};

/** `GET ticket/get?type=agent_config`: the app ticket for agentConfig; not interchangeable with the corp one. */
export const ticketGet: ApiRoute = {
  method: 'GET',
  auth: true,
  handler: ({ query, ctx }) => {
    if (query.type !== 'agent_config') throw new WecomError(40058, 'type must be agent_config');
    return issueTicket(ctx, 'agent_config');
  },
};
