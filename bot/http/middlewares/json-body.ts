import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { AppError, badRequest } from '../../errors';

/**
 * JSON bodies for the staff API, with clear 4xx answers: a body that is not JSON (wrong content type) is a 415
 * rather than being read as `{}` — a PATCH would otherwise "succeed" changing nothing — and a malformed or
 * oversized one is a 400 or 413, not the parser's error turning into a 500.
 */
export function jsonBody(limit = '1mb'): Middleware[] {
  const requireJson: Middleware = async (ctx, next) => {
    const hasBody = ctx.request.length > 0 || ctx.get('transfer-encoding') !== '';
    if (['POST', 'PUT', 'PATCH'].includes(ctx.method) && hasBody && !ctx.is('application/json')) {
      throw new AppError('unsupported_media_type', 'send the body as application/json', { status: 415 });
    }
    await next();
  };
  const parse = bodyParser({
    enableTypes: ['json'],
    jsonLimit: limit,
    encoding: 'utf-8',
    onError: (error) => {
      if ((error as { status?: number }).status === 413) {
        throw new AppError('body_too_large', `the body is over ${limit}`, { status: 413 });
      }
      throw badRequest('invalid_json', 'the body is not valid JSON (an object or an array)', error);
    },
  });
  return [requireJson, parse];
}
