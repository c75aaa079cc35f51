import type { Redis } from 'ioredis';

/**
 * How long a WeCom call waits for Redis (the shared token, the shared rate-limit counters) before it goes on
 * without it: a command to a Redis that has just died waits in ioredis's queue for its reconnect attempts.
 */
export const REDIS_WAIT_MS = 500;

/** The connection was lost (not merely still opening, as at start): ioredis is between reconnect attempts. */
export function isRedisGone(redis: Redis): boolean {
  return redis.status === 'reconnecting' || redis.status === 'close' || redis.status === 'end';
}

/** A Redis error, as opposed to one of WeCom's (which the callers pass on): thrown when Redis cannot answer. */
export class RedisUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

/** `command`'s answer, or a RedisUnavailableError when Redis is gone, fails or answers too late. */
export async function fromRedis<T>(redis: Redis, command: () => Promise<T>, ms = REDIS_WAIT_MS): Promise<T> {
  if (isRedisGone(redis)) throw new RedisUnavailableError(`Redis is ${redis.status}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailableError(`no answer from Redis within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([
      command().catch((error: unknown) => {
        throw new RedisUnavailableError(`Redis failed: ${(error as Error).message}`, { cause: error });
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
