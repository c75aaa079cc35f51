import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import request from 'supertest';
import { signIntegrationRequest } from '../../bot/http/middlewares/integration-auth';

export const TEST_INTEGRATION_SECRET = 'test-integration-secret-0123456789abcdef';

/** A POST signed the way the POS / mall must sign it; parts can be overridden to test rejections. */
export function signedPost(
  app: Koa,
  path: string,
  body: unknown,
  override: { timestamp?: string; nonce?: string; signature?: string; secret?: string } = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = override.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = override.nonce ?? randomBytes(12).toString('hex');
  const signature =
    override.signature ??
    signIntegrationRequest(override.secret ?? TEST_INTEGRATION_SECRET, timestamp, nonce, raw);
  return request(app.callback())
    .post(path)
    .set('content-type', 'application/json')
    .set('x-scrm-timestamp', timestamp)
    .set('x-scrm-nonce', nonce)
    .set('x-scrm-signature', signature)
    .send(raw);
}
