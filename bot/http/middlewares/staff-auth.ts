import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Actor } from '../../domain/access/actor';
import { type AccessPolicy, resolveActor } from '../../domain/access/resolve-actor';
import type { DomainDeps } from '../../domain/deps';
import { AppError, unauthorized } from '../../errors';
import { ownOrigin, readSession } from './session';

/** Who is calling, beyond the actor: what GET /api/v1/me shows. */
export interface Caller {
  via: 'token' | 'session';
  /** The WeCom userid; null for the staff token. */
  userid: string | null;
  name: string;
  store: { id: string; name: string } | null;
}

/** What authenticated staff routes find in ctx.state. */
export interface StaffState {
  actor: Actor;
  caller: Caller;
}

export interface StaffAuthOptions {
  /** STAFF_API_TOKEN: HQ's integrations and the manager's scripts. */
  token: string | undefined;
  policy: AccessPolicy;
  publicUrl: string | undefined;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Authenticates the staff API: the bearer token (acting as HQ), or the sidebar's session cookie. The session
 * names only the userid; the role is resolved from the database on every request, so a guide deactivated or a
 * manager replaced loses access at once (one prepared statement).
 *
 * CSRF: a cookie-authenticated change must come from our own pages. SameSite=Lax keeps the cookie off other
 * sites' POSTs; every body must be JSON (`jsonBody()` answers 415 otherwise), which a cross-origin page can only
 * send after a CORS preflight we never grant; and since a POST without a body passes that check (a form with no
 * fields), a cookie-authenticated change whose `Origin` is not ours is refused too. Browsers send `Origin` on
 * every cross-origin request and on same-origin POSTs; a request without one cannot carry a victim's cookie
 * from another page, so it is not refused.
 */
export function staffAuth(deps: Pick<DomainDeps, 'pool'>, options: StaffAuthOptions): Middleware<StaffState> {
  const expected = options.token ? Buffer.from(options.token) : undefined;
  return async (ctx, next) => {
    const authorization = ctx.get('authorization');
    if (authorization) {
      if (!expected) {
        throw new AppError('staff_api_not_configured', 'STAFF_API_TOKEN is not set on this server', {
          status: 503,
          expose: true,
        });
      }
      const presented = Buffer.from(/^Bearer (.+)$/i.exec(authorization)?.[1] ?? '');
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
        throw unauthorized('bad_token', 'missing or wrong bearer token');
      }
      ctx.state.actor = { kind: 'hq', label: 'hq' };
      ctx.state.caller = { via: 'token', userid: null, name: '总部（接口令牌）', store: null };
      await next();
      return;
    }

    const read = readSession(ctx);
    if (read.status === 'none') {
      throw unauthorized('session_required', 'sign in through WeCom (or send the staff bearer token)');
    }
    if (read.status === 'invalid') throw unauthorized('session_invalid', 'the session cookie is not valid');
    if (read.status === 'expired')
      throw unauthorized('session_expired', 'the session has expired: sign in again');
    const origin = ctx.get('origin');
    if (UNSAFE_METHODS.has(ctx.method) && origin && origin !== ownOrigin(ctx, options.publicUrl)) {
      throw new AppError('cross_origin_request', 'changes are accepted only from our own pages', {
        status: 403,
      });
    }
    const { userid, name } = read.session;
    const identity = await resolveActor(deps, options.policy, userid);
    if (!identity) {
      throw new AppError('no_access', `${userid} has no access to the sidebar`, { status: 403 });
    }
    ctx.state.actor = identity.actor;
    ctx.state.caller = {
      via: 'session',
      userid,
      name: identity.name ?? name ?? userid,
      store: identity.store,
    };
    await next();
  };
}
