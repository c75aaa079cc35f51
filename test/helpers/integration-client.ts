import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import request from 'supertest';
import { signIntegrationRequest } from '../../bot/http/middlewares/integration-auth';

export const TEST_INTEGRATION_SECRET = 'test-integration-secret-0123456789abcdef';
export const TEST_STAFF_TOKEN = 'test-staff-token-0123456789abcdef0123';

/** The staff API (/api/v1) as HQ: `staff(app).post('/api/v1/…').send(body)`. */
export function staff(app: Koa) {
  const agent = request(app.callback());
  const auth = { authorization: `Bearer ${TEST_STAFF_TOKEN}` };
  return {
    get: (path: string) => agent.get(path).set(auth),
    post: (path: string) => agent.post(path).set(auth),
    put: (path: string) => agent.put(path).set(auth),
    patch: (path: string) => agent.patch(path).set(auth),
    delete: (path: string) => agent.delete(path).set(auth),
  };
}

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
