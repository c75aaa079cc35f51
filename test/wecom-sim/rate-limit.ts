/**
 * Fixed-window counters keyed by (window size, key): cheap enough to run on every request. WeCom's lock-out lasts
 * until the window ends (API.md §3.10), which a fixed window gives for free.
 */
export class WindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** Counts one hit and returns the number of hits in the current window (including this one). */
  hit(key: string, windowMs: number, now: number): number {
    const start = Math.floor(now / windowMs) * windowMs;
    const mapKey = `${windowMs}:${key}`;
    const current = this.windows.get(mapKey);
    if (!current || current.start !== start) {
      this.windows.set(mapKey, { start, count: 1 });
      return 1;
    }
    current.count += 1;
    return current.count;
  }

  /** True when this hit goes over `limit` in the window. */
  exceeds(key: string, windowMs: number, now: number, limit: number): boolean {
    return this.hit(key, windowMs, now) > limit;
  }

  clear(): void {
    this.windows.clear();
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
