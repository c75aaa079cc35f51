import { WecomError } from '../errors';
import type { SimState } from '../state';
import { randomId } from './common';
import type { ApiContext, ApiRoute } from './common';

/**
 * `GET gettoken?corpid&corpsecret` (API.md §3.1). Every call issues a new token and older ones stay valid until
 * their own expiry: whether WeCom returns the same token within validity is UNCONFIRMED, and a fresh token each
 * time makes a client that forgets to cache visible in `callsTo('gettoken')`.
 */
export const gettoken: ApiRoute = {
  method: 'GET',
  auth: false,
  handler: ({ query, ctx }) => {
    const corpid = query.corpid ?? '';
    const secret = query.corpsecret ?? '';
    // 41002/41004 are WeCom's "missing" codes; API.md only names 40013/40001 for wrong values.
    if (!corpid) throw new WecomError(41002);
    if (!secret) throw new WecomError(41004);
    if (corpid !== ctx.state.corp.corpId) throw new WecomError(40013);
    if (secret !== ctx.state.corp.corpSecret) throw new WecomError(40001);
    const now = ctx.now();
    // Real tokens are opaque [A-Za-z0-9_-] strings well under the 512-byte cap.
    const accessToken = randomId('', 86);
    ctx.state.accessTokens.set(accessToken, {
      issuedAt: now,
      expiresAt: now + ctx.tokenTtlSeconds * 1000,
      forced: null,
    });
    return { access_token: accessToken, expires_in: ctx.tokenTtlSeconds };
  },
};

/** Checks the query-string token: missing → 41001, unknown → 40014, expired → 42001. */
export function authenticate(state: SimState, token: string | undefined, ctx: Pick<ApiContext, 'now'>): void {
  if (!token) throw new WecomError(41001);
  const record = state.accessTokens.get(token);
  if (!record || record.forced === 'invalid') throw new WecomError(40014);
  if (record.forced === 'expired' || ctx.now() >= record.expiresAt) throw new WecomError(42001);
}

/** Existing tokens answer 42001 from now on. */
export function expireAllTokens(state: SimState): void {
  for (const record of state.accessTokens.values()) record.forced = 'expired';
}

/** Existing tokens answer 40014 from now on (WeCom may revoke early, e.g. after a secret reset). */
export function invalidateAllTokens(state: SimState): void {
  for (const record of state.accessTokens.values()) record.forced = 'invalid';
}
