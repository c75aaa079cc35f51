/* eslint-disable no-console -- a CLI helper: printing is its job */
import type { CliValues } from './args';

/** The admin-API client and callback-delivery printing shared by main.ts and the *-commands.ts files. */

export type AdminCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** A client for the simulator's admin API at `${base}/__sim`; error answers become thrown Errors. */
export function adminClient(base: string): AdminCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${base}/__sim${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch {
      throw new Error(`cannot reach the simulator at ${base} (start it with npm start, or pass --sim)`);
    }
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (!res.ok) {
      const error = (parsed as { error?: { message?: string } }).error;
      throw new Error(`simulator answered ${res.status}: ${error?.message ?? text}`);
    }
    return parsed as T;
  };
}

export interface Delivery {
  attempts: number;
  status: number | null;
  body: string;
  ok: boolean;
  elapsedMs: number;
}

export function printDelivery(delivery: Delivery | null): void {
  if (!delivery) {
    console.log('回调 / callback: not delivered (no callback URL set on the simulator)');
    return;
  }
  const verdict = delivery.ok ? '✔ 已送达 delivered' : '✘ 失败 failed';
  const status = delivery.status ?? 'timeout/connection error';
  console.log(
    `回调 / callback: ${verdict} — HTTP ${status}, ${delivery.attempts} attempt(s), ${delivery.elapsedMs} ms`,
  );
}

/** What a command needs: the parsed options and the admin client. */
export interface CliContext {
  values: CliValues;
  admin: AdminCall;
}
