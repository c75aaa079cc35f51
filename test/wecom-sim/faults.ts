import { normalizeApiPath } from './api/registry';

interface Planned {
  value: number;
  remaining: number;
}

/** Any API: `failNext('*', -1)` fails the next call whatever it is. */
export const ANY_API = '*';

/**
 * Injected failures and delays, consumed by the next N calls to an API in arrival order. Lets tests reproduce what
 * WeCom does under load (-1 system busy, 45009, 45033) or when another app races for a welcome code (41096).
 */
export class FaultPlan {
  private readonly failures = new Map<string, Planned[]>();
  private readonly delays = new Map<string, Planned[]>();

  failNext(path: string, errcode: number, times = 1): void {
    this.plan(this.failures, path, errcode, times);
  }

  delayNext(path: string, ms: number, times = 1): void {
    this.plan(this.delays, path, ms, times);
  }

  /** The errcode to answer with for this call, if one is planned. */
  takeFailure(path: string): number | undefined {
    return this.take(this.failures, path) ?? this.take(this.failures, ANY_API);
  }

  /** The delay (ms) to apply to this call, if one is planned. */
  takeDelay(path: string): number | undefined {
    return this.take(this.delays, path) ?? this.take(this.delays, ANY_API);
  }

  clear(): void {
    this.failures.clear();
    this.delays.clear();
  }

  private plan(plans: Map<string, Planned[]>, path: string, value: number, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`wecom-sim: times must be ≥1, got ${times}`);
    const key = path === ANY_API ? ANY_API : normalizeApiPath(path);
    const queue = plans.get(key) ?? [];
    queue.push({ value, remaining: times });
    plans.set(key, queue);
  }

  private take(plans: Map<string, Planned[]>, key: string): number | undefined {
    const queue = plans.get(key);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining === 0) queue.shift();
    return head.value;
  }
}
