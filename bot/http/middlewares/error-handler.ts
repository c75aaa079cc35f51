import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import { type ErrorBody, type ErrorCode, isErrorCode } from '../contract/errors';
import { loggerOf } from './request-context';

/**
 * The one place errors become responses: always `{ error: { code, message } }`. Validation errors are 400,
 * AppErrors carry their status, anything else is a 500 whose message names only the request id.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      // No route answered: the house shape, not Koa's plain-text "Not Found".
      if (ctx.status === 404 && ctx.body == null) {
        ctx.status = 404;
        ctx.body = {
          error: { code: 'not_found', message: `no route for ${ctx.method} ${ctx.path}` },
        } satisfies ErrorBody;
      }
    } catch (error) {
      const requestId = String(ctx.state.requestId ?? '');
      let status = 500;
      let code: ErrorCode = 'internal_error';
      let message = `internal error (request ${requestId})`;
      if (error instanceof ZodError) {
        status = 400;
        code = 'invalid_request';
        message = error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      } else if (error instanceof AppError) {
        status = error.status;
        code = error.code;
        if (error.expose) message = error.message;
      } else if (isHttpError(error)) {
        status = error.status;
        // raw-body's types (`entity.too.large`, …) are in the list; anything else is named generically.
        code = error.type !== undefined && isErrorCode(error.type) ? error.type : 'http_error';
        message = error.message;
      }
      const log = loggerOf(ctx, logger);
      if (status >= 500) log.error({ err: error, status }, 'request failed');
      else log.warn({ status, code, reason: message }, 'request rejected');
      ctx.status = status;
      ctx.body = { error: { code, message } } satisfies ErrorBody;
    }
  };
}

/** Errors from raw-body and koa's ctx.throw carry an HTTP status and are safe to show when under 500. */
function isHttpError(error: unknown): error is { status: number; message: string; type?: string } {
  const e = error as { status?: unknown; expose?: unknown };
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true;
}
