import type { Redis } from 'ioredis';

// Fixed windows per API, counted in Redis so every process shares them. Returns 0 when the call may go, 1 when the
// minute is full, 2 when the hour is full; a refused call is rolled back so callers that wait don't count.
const TAKE = `
local m = redis.call('incr', KEYS[1]); if m == 1 then redis.call('pexpire', KEYS[1], 61000) end
local h = redis.call('incr', KEYS[2]); if h == 1 then redis.call('pexpire', KEYS[2], 3601000) end
if m > tonumber(ARGV[1]) or h > tonumber(ARGV[2]) then
  redis.call('decr', KEYS[1]); redis.call('decr', KEYS[2])
  if h > tonumber(ARGV[2]) then return 2 end
  return 1
end
return 0`;

export interface RateLimiterOptions {
  redis: Redis;
  prefix: string;
  perMinute: number;
  perHour: number;
  now?: () => number;
}

/** Keeps us under WeCom's per-API limits (10,000/min, 150,000/hour per corp, API.md §3.10) across processes. */
export class RateLimiter {
  constructor(private readonly options: RateLimiterOptions) {}

  /** ms to wait before calling `api` (0 = go now); the slot is taken when it returns 0. */
  async take(api: string): Promise<number> {
    const now = (this.options.now ?? Date.now)();
    const minute = Math.floor(now / 60_000);
    const hour = Math.floor(now / 3_600_000);
    const { redis, prefix, perMinute, perHour } = this.options;
    const full = await redis.eval(
      TAKE,
      2,
      `${prefix}:rl:${api}:m:${minute}`,
      `${prefix}:rl:${api}:h:${hour}`,
      perMinute,
      perHour,
    );
    if (full === 2) return (hour + 1) * 3_600_000 - now;
    if (full === 1) return (minute + 1) * 60_000 - now;
    return 0;
  }
}
