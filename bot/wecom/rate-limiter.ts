import type { Redis } from 'ioredis';

// Fixed windows per API, counted in Redis so every process shares them. Returns 0 when the call may go, 1 when the
// short window is full, 2 when the hour is full; a refused call is rolled back so callers that wait don't count.
const TAKE = `
local m = redis.call('incr', KEYS[1]); if m == 1 then redis.call('pexpire', KEYS[1], ARGV[3]) end
local h = redis.call('incr', KEYS[2]); if h == 1 then redis.call('pexpire', KEYS[2], 3601000) end
if m > tonumber(ARGV[1]) or h > tonumber(ARGV[2]) then
  redis.call('decr', KEYS[1]); redis.call('decr', KEYS[2])
  if h > tonumber(ARGV[2]) then return 2 end
  return 1
end
return 0`;

/** WeCom counts calls per minute and per hour (API.md §3.10). */
export const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000;

export interface RateLimiterOptions {
  redis: Redis;
  prefix: string;
  /** Calls per short window (WeCom's: a minute). */
  perMinute: number;
  perHour: number;
  /** The short window's length: a minute, as WeCom counts; tests shorten it. */
  windowMs?: number;
  now?: () => number;
}

/** Keeps us under WeCom's per-API limits (10,000/min, 150,000/hour per corp, API.md §3.10) across processes. */
export class RateLimiter {
  constructor(private readonly options: RateLimiterOptions) {}

  get windowMs(): number {
    return this.options.windowMs ?? DEFAULT_RATE_LIMIT_WINDOW_MS;
  }

  /**
   * ms to wait before calling `api` (0 = go now); the slot is taken when it returns 0. With `share` below 1 the
   * call may only use that share of each window (bulk work leaves the rest to calls someone waits for); every
   * call counts against the same windows.
   */
  async take(api: string, share = 1): Promise<number> {
    const now = (this.options.now ?? Date.now)();
    const { windowMs } = this;
    const window = Math.floor(now / windowMs);
    const hour = Math.floor(now / 3_600_000);
    const { redis, prefix, perMinute, perHour } = this.options;
    // The default window keeps the key it always had (":m:<minute>"), so processes of two versions share it.
    const windowKey = windowMs === DEFAULT_RATE_LIMIT_WINDOW_MS ? 'm' : `w${windowMs}`;
    const full = await redis.eval(
      TAKE,
      2,
      `${prefix}:rl:${api}:${windowKey}:${window}`,
      `${prefix}:rl:${api}:h:${hour}`,
      Math.max(1, Math.floor(perMinute * share)),
      Math.max(1, Math.floor(perHour * share)),
      windowMs + 1_000,
    );
    if (full === 2) return (hour + 1) * 3_600_000 - now;
    if (full === 1) return (window + 1) * windowMs - now;
    return 0;
  }
}
