// The server, stubbed at fetch: a table of routes answering like the bot would (the contract's shapes and error
// bodies), and a record of every request so tests can assert what the page sent. Requests no route answers fail
// the test (setup.ts checks after each test), as unexpected outbound HTTP should.
import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  params: Record<string, string>;
}

export interface Reply {
  status: number;
  body?: unknown;
}

type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

export const json = (body: unknown, status = 200): Reply => ({ status, body });
// Any string: codes other helpers add to errors.ts appear in the server before a test here knows them.
export const apiError = (status: number, code: string, message = code): Reply => ({
  status,
  body: { error: { code, message } },
});

/** A reply the test releases when it wants: to see what the page shows while it waits. */
export function deferred() {
  let release!: (reply: Reply) => void;
  const promise = new Promise<Reply>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^/api/v1${source}$`), names };
}

export interface FakeServer {
  /** Answer `method path` (path after /api/v1, with :params); a later `on` for the same route wins. */
  on: (method: string, path: string, handler: Handler | Reply) => FakeServer;
  requests: RecordedRequest[];
  /** The requests to one route, in order. */
  requestsTo: (method: string, path: string) => RecordedRequest[];
  unhandled: string[];
}

let current: FakeServer | null = null;

/** The fake server of the running test (setup.ts checks it for unhandled requests). */
export function currentServer(): FakeServer | null {
  return current;
}

export function resetServer(): void {
  current = null;
}

export function fakeServer(): FakeServer {
  const routes: Route[] = [];
  const server: FakeServer = {
    requests: [],
    unhandled: [],
    on(method, path, handler) {
      routes.unshift({
        method,
        ...compile(path),
        handler: typeof handler === 'function' ? handler : () => handler,
      });
      return server;
    },
    requestsTo(method, path) {
      const { pattern } = compile(path);
      return server.requests.filter((r) => r.method === method && pattern.test(r.path));
    },
  };
  current = server;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href, window.location.href);
    const method = (init.method ?? 'GET').toUpperCase();
    const path = decodeURIComponent(url.pathname);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(url.pathname) : null;
      if (!match) continue;
      const params = Object.fromEntries(
        route.names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]),
      );
      const request: RecordedRequest = {
        method,
        path,
        query: url.searchParams,
        body,
        headers: new Headers(init.headers),
        credentials: init.credentials,
        params,
      };
      server.requests.push(request);
      const reply = await route.handler(request);
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    server.unhandled.push(`${method} ${url.pathname}${url.search}`);
    throw new TypeError(`Failed to fetch (no fake route for ${method} ${url.pathname})`);
  });
  return server;
}
