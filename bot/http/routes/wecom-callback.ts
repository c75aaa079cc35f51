import Router from '@koa/router';
import getRawBody from 'raw-body';
import { z } from 'zod';
import { type ReceiveCallbackDeps, receiveCallback } from '../../domain/events/receive-callback';
import { verifyCallbackUrl } from '../../wecom/callback-crypto';
import { Text } from '../contract/common';
import { loggerOf } from '../middlewares/request-context';
import { parseInput } from '../validate';
import type { Logger } from '../../logger';

const SignedQuery = z.object({
  msg_signature: Text.regex(/^[0-9a-fA-F]{40}$/, 'must be a 40-character hex SHA-1'),
  timestamp: Text.regex(/^\d{1,12}$/, 'must be unix seconds'),
  nonce: Text.min(1).max(64),
});
const VerifyQuery = SignedQuery.extend({ echostr: Text.min(1).max(1024) });

/**
 * WeCom's callback URL. GET is the URL-verification handshake (answer within 1 s with the plaintext only);
 * POST delivers events (answer 200 within 5 s, or WeCom retries). Koa's ctx.query is decoded once, which is what
 * WeCom's base64 with '+' needs (API.md §1.2).
 */
export function wecomCallbackRoutes(
  deps: ReceiveCallbackDeps & { logger: Logger },
  bodyLimitBytes: number,
): Router {
  const router = new Router({ prefix: '/wecom/callback' });

  router.get('/', (ctx) => {
    const query = parseInput(VerifyQuery, ctx.query);
    ctx.type = 'text/plain';
    ctx.body = verifyCallbackUrl(deps.crypto, query);
  });

  router.post('/', async (ctx) => {
    const query = parseInput(SignedQuery, ctx.query);
    // The raw text, not a body parser: Koa's parsers ignore text/xml and the signature is over exact bytes.
    const body = await getRawBody(ctx.req, { limit: bodyLimitBytes, encoding: 'utf8' });
    const received = await receiveCallback(deps, query, body);
    loggerOf(ctx, deps.logger).debug(
      { eventId: received.eventId, isDuplicate: received.isDuplicate },
      'callback stored',
    );
    ctx.type = 'text/plain';
    ctx.body = 'success';
  });

  return router;
}
