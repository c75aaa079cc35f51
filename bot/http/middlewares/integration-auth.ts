import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Middleware } from 'koa';
import getRawBody from 'raw-body';
import { AppError } from '../../errors';

export interface IntegrationAuthOptions {
  secret: string | undefined;
  maxSkewSeconds: number;
  redis: Redis;
  /** Namespace of the seen-nonce keys in Redis. */
  prefix: string;
  bodyLimitBytes?: number;
}

/** The signature a caller sends: hex HMAC-SHA256 over "timestamp\nnonce\n" followed by the raw body bytes. */
export function signIntegrationRequest(
  secret: string,
  timestamp: string,
  nonce: string,
  body: string | Buffer,
): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${nonce}\n`).update(body).digest('hex');
}

/**
 * Authenticates server-to-server calls (POS, online mall, archive import) by an HMAC over the raw body, a
 * timestamp and a nonce. A stale timestamp is refused, and so is a nonce seen before (a replay), so a captured
 * request cannot be sent again. The raw body is left in ctx.state.rawBody for the route to parse.
 */
export function integrationAuth(options: IntegrationAuthOptions): Middleware {
  return async (ctx, next) => {
    if (!options.secret) {
      throw new AppError('integration_not_configured', 'INTEGRATION_SECRET is not set on this server', {
        status: 503,
        expose: true,
      });
    }
    const timestamp = ctx.get('x-scrm-timestamp');
    const nonce = ctx.get('x-scrm-nonce');
    const signature = ctx.get('x-scrm-signature');
    if (
      !/^\d{9,11}$/.test(timestamp) ||
      !/^[\w-]{16,64}$/.test(nonce) ||
      !/^[0-9a-f]{64}$/i.test(signature)
    ) {
      throw new AppError(
        'bad_signature_headers',
        'X-Scrm-Timestamp (unix seconds), X-Scrm-Nonce (16-64 of [A-Za-z0-9_-]) and X-Scrm-Signature (hex) are required',
        { status: 401 },
      );
    }
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > options.maxSkewSeconds) {
      throw new AppError('stale_request', `X-Scrm-Timestamp is more than ${options.maxSkewSeconds} s off`, {
        status: 401,
      });
    }
    // The signature covers the bytes as sent, before any decoding.
    const body = await getRawBody(ctx.req, { limit: options.bodyLimitBytes ?? 1024 * 1024 });
    const expected = Buffer.from(signIntegrationRequest(options.secret, timestamp, nonce, body), 'hex');
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError('bad_signature', 'X-Scrm-Signature does not match the body', { status: 401 });
    }
    // Only a correctly signed request spends its nonce, so garbage cannot block a real caller's nonce.
    const fresh = await options.redis.set(
      `${options.prefix}:integration-nonce:${nonce}`,
      '1',
      'EX',
      options.maxSkewSeconds * 2,
      'NX',
    );
    if (fresh !== 'OK')
      throw new AppError('replayed_request', 'this nonce was used already', { status: 409 });
    ctx.state.rawBody = body.toString('utf8');
    await next();
  };
}

/** The JSON body an integrationAuth-protected route received. */
export function jsonBodyOf(state: { rawBody?: unknown }): unknown {
  try {
    return JSON.parse(typeof state.rawBody === 'string' ? state.rawBody : '');
  } catch {
    throw new AppError('invalid_json', 'the body is not valid JSON', { status: 400 });
  }
}
