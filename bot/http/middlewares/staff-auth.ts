import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Actor } from '../../domain/access/actor';
import { AppError, unauthorized } from '../../errors';

/** What authenticated staff routes find in ctx.state. */
export interface StaffState {
  actor: Actor;
}

/**
 * Authenticates the staff API. For now one bearer token (STAFF_API_TOKEN) acting as HQ, for the manager's desk
 * and scripts; the sidebar issue replaces this with WeCom sign-in (OAuth code → userid → guide or manager), and
 * the routes and domain functions stay as they are because they only see `ctx.state.actor`.
 */
export function staffAuth(token: string | undefined): Middleware<StaffState> {
  const expected = token ? Buffer.from(token) : undefined;
  return async (ctx, next) => {
    if (!expected) {
      throw new AppError('staff_api_not_configured', 'STAFF_API_TOKEN is not set on this server', {
        status: 503,
        expose: true,
      });
    }
    const presented = Buffer.from(/^Bearer (.+)$/i.exec(ctx.get('authorization'))?.[1] ?? '');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw unauthorized('bad_token', 'missing or wrong bearer token');
    }
    ctx.state.actor = { kind: 'hq', label: 'hq' };
    await next();
  };
}
