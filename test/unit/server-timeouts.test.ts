import { createServer } from 'node:http';
import { loadConfig } from '../../bot/config';
import { applyServerTimeouts } from '../../bot/http/server-timeouts';

const ENV = {
  DATABASE_URL: 'postgresql://localhost/x',
  REDIS_URL: 'redis://localhost',
  WECOM_CORP_ID: 'ww0123',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'secret',
  WECOM_CALLBACK_TOKEN: 'token',
  WECOM_ENCODING_AES_KEY: 'a'.repeat(43),
};

describe('HTTP server timeouts', () => {
  it('default to 10 s for headers, 30 s for a request and 5 s for an idle keep-alive connection', () => {
    expect(loadConfig(ENV).http).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
    });
  });

  it('refuse a headers timeout longer than the request timeout', () => {
    expect(() =>
      loadConfig({ ...ENV, HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }),
    ).toThrow(/HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ ...ENV, HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
  });

  it('are set on a server before it listens, and checked often enough to matter', async () => {
    const server = applyServerTimeouts(createServer(), loadConfig(ENV).http);
    expect(server).toMatchObject({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      // Too late: Node armed its checking timer when listening started.
      expect(() => applyServerTimeouts(server, loadConfig(ENV).http)).toThrow(
        /before the server is listening/,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
