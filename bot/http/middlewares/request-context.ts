import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import type { Logger } from '../../logger';

/** Gives each request an id (echoed as X-Request-Id) and a child logger carrying it. */
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.logger = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    await next();
  };
}

/** The request's child logger (falls back to the root logger outside requestContext). */
export function loggerOf(ctx: Context, fallback: Logger): Logger {
  return (ctx.state.logger as Logger | undefined) ?? fallback;
}
