import type { Redis } from 'ioredis';
import { fromRedis } from './redis-availability';

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

/**
 * While Redis cannot be reached, each process counts its own calls against this share of the limits: the
 * welcomes of a burst still go out (a 2,000-add burst needs 2,000 send_welcome_msg in 20 s, far under half of
 * 9,000 a minute), and two workers counting alone stay under WeCom's limit. More workers than that could pass
 * it for the length of the outage; WeCom then answers 45009, which is retried like any busy answer.
 */
export const LOCAL_SHARE_WITHOUT_REDIS = 0.5;

/**
 * Keeps us under WeCom's per-API limits (10,000/min, 150,000/hour per corp, API.md §3.10) across processes, with
 * counters in Redis; while Redis is down or does not answer, with this process's own counters (see
 * LOCAL_SHARE_WITHOUT_REDIS), so that an outage of Redis does not stop every WeCom call.
 */
export class RateLimiter {
  private readonly local = new Map<string, { count: number; until: number }>();

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
    const keys = [`${prefix}:rl:${api}:${windowKey}:${window}`, `${prefix}:rl:${api}:h:${hour}`] as const;
    const [minuteLimit, hourLimit] = [perMinute, perHour].map((limit) =>
      Math.max(1, Math.floor(limit * share)),
    );
    let full: unknown;
    try {
      full = await fromRedis(redis, () =>
        redis.eval(TAKE, 2, ...keys, minuteLimit!, hourLimit!, windowMs + 1_000),
      );
    } catch {
      full = this.takeLocally(keys, now, share);
    }
    if (full === 2) return (hour + 1) * 3_600_000 - now;
    if (full === 1) return (window + 1) * windowMs - now;
    return 0;
  }

  /** The same fixed windows, counted in this process only, against a share of the limits. */
  private takeLocally(keys: readonly [string, string], now: number, share: number): number {
    const { perMinute, perHour } = this.options;
    // Counters of windows that have passed are dropped, so the map holds only the current ones.
    for (const [key, counter] of this.local) if (counter.until <= now) this.local.delete(key);
    const windowEnd = (Math.floor(now / this.windowMs) + 1) * this.windowMs;
    const hourEnd = (Math.floor(now / 3_600_000) + 1) * 3_600_000;
    const m = this.local.get(keys[0]) ?? { count: 0, until: windowEnd };
    const h = this.local.get(keys[1]) ?? { count: 0, until: hourEnd };
    if (h.count + 1 > Math.floor(perHour * share * LOCAL_SHARE_WITHOUT_REDIS)) return 2;
    if (m.count + 1 > Math.floor(perMinute * share * LOCAL_SHARE_WITHOUT_REDIS)) return 1;
    this.local.set(keys[0], { count: m.count + 1, until: windowEnd });
    this.local.set(keys[1], { count: h.count + 1, until: hourEnd });
    return 0;
  }
}
