import type { Server } from 'node:http';

/** `config.http` carries these (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS). */
export interface ServerTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/**
 * Closes, with a 408, a connection whose client stalls: headers not complete within `headersTimeoutMs`, or a body
 * not complete within `requestTimeoutMs` (a `Content-Length: 1000` that sends 10 bytes), instead of holding it for
 * Node's 300 s. Call it on the server `app.listen()` returns, in the same tick: Node arms the timer that checks
 * these when listening starts, so afterwards it is too late and this throws.
 */
export function applyServerTimeouts(server: Server, timeouts: ServerTimeouts): Server {
  if (server.listening) throw new Error('applyServerTimeouts: call it before the server is listening');
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  // Node checks the two timeouts on this interval (30 s by default, so a 10 s timeout could take 40 s): check a
  // few times per headers timeout, at most once a second (one pass over the open connections). It is a
  // createServer option that @types/node does not list as a property; Node reads the property on listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    1000,
    Math.max(50, Math.floor(timeouts.headersTimeoutMs / 4)),
  );
  return server;
}
