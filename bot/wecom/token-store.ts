import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { transportError } from './errors';
import { RedisUnavailableError, fromRedis } from './redis-availability';

interface CachedToken {
  token: string;
  /** ms epoch after which we stop using it (a few minutes before WeCom's expiry). */
  refreshAt: number;
}

export interface TokenStoreOptions {
  redis: Redis;
  /** Redis key of the token: one per corp and app, since WeCom tokens are per secret (API.md §3.1). */
  key: string;
  fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>;
  /** Refresh this long before WeCom's expiry, so no call races the expiry. */
  earlyRefreshMs?: number;
  lockTtlMs?: number;
  now?: () => number;
}

const COMPARE_AND_DELETE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const DELETE_IF_TOKEN = `local v = redis.call('get', KEYS[1]); if v and cjson.decode(v).token == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * The access_token, shared by every process through Redis. One process refreshes at a time (a Redis lock);
 * the others wait for its result instead of calling gettoken themselves (the stampede API.md §5.1 warns of).
 */
export class TokenStore {
  private local: CachedToken | null = null;
  private inflight: Promise<string> | null = null;
  private alone: Promise<string> | null = null;
  private readonly earlyRefreshMs: number;
  private readonly lockTtlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenStoreOptions) {
    this.earlyRefreshMs = options.earlyRefreshMs ?? 5 * 60_000;
    this.lockTtlMs = options.lockTtlMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<string> {
    if (this.local && this.local.refreshAt > this.now()) return this.local.token;
    try {
      const shared = await this.readShared();
      if (shared) return shared;
      this.inflight ??= this.refresh().finally(() => (this.inflight = null));
      return await this.inflight;
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      // Redis is down: this process gets a token of its own (one gettoken per process for the outage, not per
      // call) rather than stop calling WeCom. Shared again once Redis is back and this one is due.
      this.alone ??= this.fetchAlone().finally(() => (this.alone = null));
      return this.alone;
    }
  }

  /** Drops `badToken` everywhere, unless another process has already replaced it. */
  async invalidate(badToken: string): Promise<void> {
    if (this.local?.token === badToken) this.local = null;
    const { redis, key } = this.options;
    await fromRedis(redis, () => redis.eval(DELETE_IF_TOKEN, 1, key, badToken)).catch((error: unknown) => {
      if (!(error instanceof RedisUnavailableError)) throw error;
    });
  }

  private async fetchAlone(): Promise<string> {
    const { token, expiresInSeconds } = await this.options.fetchToken();
    this.local = { token, refreshAt: this.refreshAtFor(expiresInSeconds * 1000) };
    return token;
  }

  private refreshAtFor(ttlMs: number): number {
    return this.now() + Math.max(ttlMs - this.earlyRefreshMs, ttlMs / 2);
  }

  private async readShared(): Promise<string | null> {
    const { redis, key } = this.options;
    const raw = await fromRedis(redis, () => redis.get(key));
    if (!raw) return null;
    const cached = JSON.parse(raw) as CachedToken;
    if (cached.refreshAt <= this.now()) return null;
    this.local = cached;
    return cached.token;
  }

  private async refresh(): Promise<string> {
    const { redis, key } = this.options;
    const lockKey = `${key}:lock`;
    const owner = randomUUID();
    const deadline = this.now() + this.lockTtlMs * 2;
    while (this.now() < deadline) {
      const locked = await fromRedis(redis, () => redis.set(lockKey, owner, 'PX', this.lockTtlMs, 'NX'));
      if (locked === 'OK') {
        try {
          const again = await this.readShared();
          if (again) return again;
          const { token, expiresInSeconds } = await this.options.fetchToken();
          const ttlMs = expiresInSeconds * 1000;
          const cached: CachedToken = { token, refreshAt: this.refreshAtFor(ttlMs) };
          this.local = cached;
          // Kept here even if Redis went away meanwhile; the others fetch their own until it is back.
          await fromRedis(redis, () => redis.set(key, JSON.stringify(cached), 'PX', ttlMs)).catch(
            () => undefined,
          );
          return token;
        } finally {
          await fromRedis(redis, () => redis.eval(COMPARE_AND_DELETE, 1, lockKey, owner)).catch(
            () => undefined,
          );
        }
      }
      await new Promise((r) => setTimeout(r, 25));
      const refreshed = await this.readShared();
      if (refreshed) return refreshed;
    }
    throw transportError('gettoken', 'timed out waiting for another process to refresh the access_token');
  }
}
