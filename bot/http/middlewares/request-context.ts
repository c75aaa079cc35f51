import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import type { Logger } from '../../logger';

/** Gives each request an id (echoed as X-Request-Id); its child logger is made only when something logs. */
export function requestContext(): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    await next();
  };
}

/** The request's child logger, carrying its id. */
export function loggerOf(ctx: Context, root: Logger): Logger {
  const state = ctx.state as { requestId?: string; logger?: Logger };
  state.logger ??= root.child({ requestId: state.requestId });
  return state.logger;
}
