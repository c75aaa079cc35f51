import type { Redis } from 'ioredis';
import { Agent, FormData, request } from 'undici';
import type { Logger } from '../logger';
import { TOKEN_ERRCODES, WecomError, transportError } from './errors';
import { RateLimiter } from './rate-limiter';
import { TokenStore } from './token-store';

export interface WecomClientOptions {
  apiBase: string;
  corpId: string;
  agentId: number;
  secret: string;
  httpTimeoutMs: number;
  rateLimitPerMinute: number;
  rateLimitPerHour: number;
  /** The per-minute limit's window (default a minute, as WeCom counts; tests shorten it). */
  rateLimitWindowMs?: number;
  redis: Redis;
  /** Namespace of the shared Redis keys (token, rate-limit counters). */
  redisPrefix: string;
  logger: Logger;
  now?: () => number;
}

type Query = Record<string, string | number | undefined>;

export interface CallOptions {
  /**
   * The share of each rate-limit window this call may use (default all of it). Bulk work (a sweep's tag pushes)
   * takes less, so that calls someone is waiting for (a guide's own edit) still find room in the window.
   */
  rateLimitShare?: number;
}

interface WecomReply {
  errcode?: number;
  errmsg?: string;
}

/**
 * Waiting longer than this for a rate-limit window is the job queue's business, not a blocked request's: the
 * call is refused with the time the window reopens, and the job waits that long without spending an attempt
 * (jobs/worker.ts). A twelfth of a shorter window (tests).
 */
const MAX_RATE_LIMIT_WAIT_MS = 5_000;

/**
 * The one client for every outbound WeCom call. It puts the shared access_token in the query string (never the
 * body: 41001), keeps under the published rate limits, refreshes the token once on 40014/42001 and retries once,
 * and turns every non-zero errcode into a WecomError that says whether it is worth retrying.
 */
export class WecomClient {
  readonly tokens: TokenStore;
  private readonly limiter: RateLimiter;
  /**
   * Kept-alive connections to WeCom, shared by every call of this client. undici's request() rather than
   * fetch(): the same client underneath, without the WHATWG layers, which cost a fifth of the worker's CPU in a
   * welcome burst.
   */
  private readonly http = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

  constructor(private readonly options: WecomClientOptions) {
    this.tokens = new TokenStore({
      redis: options.redis,
      key: `${options.redisPrefix}:wecom:token:${options.corpId}:${options.agentId}`,
      fetchToken: () => this.fetchToken(),
      now: options.now,
    });
    this.limiter = new RateLimiter({
      redis: options.redis,
      prefix: `${options.redisPrefix}:wecom`,
      perMinute: options.rateLimitPerMinute,
      perHour: options.rateLimitPerHour,
      windowMs: options.rateLimitWindowMs,
      now: options.now,
    });
  }

  /** The app (agentid) this client acts for; tag APIs take it so WeCom records the app as a tag's creator. */
  get agentId(): number {
    return this.options.agentId;
  }

  /** Closes the kept-alive connections (on shutdown; the client is unusable after). */
  close(): Promise<void> {
    return this.http.close();
  }

  get<T>(api: string, query: Query = {}, options: CallOptions = {}): Promise<T> {
    return this.call<T>('GET', api, query, undefined, options);
  }

  post<T>(api: string, body: unknown, query: Query = {}, options: CallOptions = {}): Promise<T> {
    return this.call<T>('POST', api, query, body, options);
  }

  /** A multipart upload (media/upload_attachment): the form's one file field, `media`. */
  upload<T>(api: string, form: FormData, query: Query = {}): Promise<T> {
    return this.call<T>('POST', api, query, form, {});
  }

  private async call<T>(
    method: 'GET' | 'POST',
    api: string,
    query: Query,
    body: unknown,
    options: CallOptions,
  ): Promise<T> {
    await this.waitForRateLimit(api, options.rateLimitShare);
    const token = await this.tokens.get();
    try {
      return await this.send<T>(method, api, { ...query, access_token: token }, body);
    } catch (error) {
      if (!(error instanceof WecomError) || !TOKEN_ERRCODES.has(error.errcode)) throw error;
      // WeCom may invalidate a token before its expiry: refresh once and retry once, never in a loop.
      this.options.logger.info({ api, errcode: error.errcode }, 'wecom token rejected, refreshing once');
      await this.tokens.invalidate(token);
      const fresh = await this.tokens.get();
      return this.send<T>(method, api, { ...query, access_token: fresh }, body);
    }
  }

  private async waitForRateLimit(api: string, share?: number): Promise<void> {
    const wait = await this.limiter.take(api, share);
    if (wait === 0) return;
    if (wait > Math.min(MAX_RATE_LIMIT_WAIT_MS, this.limiter.windowMs / 12)) {
      throw new WecomError(api, 45009, `local rate limit reached; retry in ${wait} ms`, {
        retryable: true,
        retryAfterMs: wait,
      });
    }
    await new Promise((r) => setTimeout(r, wait));
    return this.waitForRateLimit(api, share);
  }

  private async fetchToken(): Promise<{ token: string; expiresInSeconds: number }> {
    const { corpId, secret } = this.options;
    const reply = await this.send<{ access_token: string; expires_in: number }>(
      'GET',
      'gettoken',
      {
        corpid: corpId,
        corpsecret: secret,
      },
      undefined,
    );
    return { token: reply.access_token, expiresInSeconds: reply.expires_in };
  }

  private async send<T>(method: 'GET' | 'POST', api: string, query: Query, body: unknown): Promise<T> {
    const url = new URL(`${this.options.apiBase}/cgi-bin/${api}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const started = performance.now();
    let status: number;
    let text: string;
    try {
      const response = await request(url, {
        dispatcher: this.http,
        method,
        // A FormData (media uploads) sets its own multipart content type and boundary.
        headers:
          body === undefined || body instanceof FormData ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.httpTimeoutMs),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (cause) {
      throw transportError(api, `request failed: ${(cause as Error).message}`, cause);
    }
    if (status >= 500) throw transportError(api, `HTTP ${status}`);
    let reply: T & WecomReply;
    try {
      reply = JSON.parse(text) as T & WecomReply;
    } catch (cause) {
      throw transportError(api, `HTTP ${status} with a body that is not JSON`, cause);
    }
    const errcode = reply.errcode ?? 0;
    // Log the API name only: the URL carries the access_token or the secret.
    this.options.logger.debug({ api, errcode, ms: Math.round(performance.now() - started) }, 'wecom call');
    if (errcode !== 0) throw new WecomError(api, errcode, reply.errmsg ?? '');
    return reply;
  }
}
