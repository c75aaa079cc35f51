/* eslint-disable no-console -- a CLI helper: printing is its job */
import { parseArgs } from 'node:util';

/** Argument parsing and the admin-API client shared by cli.ts and cli-extended.ts. */

const CLI_OPTIONS = {
  sim: { type: 'string' },
  guide: { type: 'string' },
  customer: { type: 'string' },
  name: { type: 'string' },
  state: { type: 'string' },
  'no-welcome-code': { type: 'boolean' },
  half: { type: 'boolean' },
  remark: { type: 'string' },
  description: { type: 'string' },
  'add-tag': { type: 'string', multiple: true },
  'remove-tag': { type: 'string', multiple: true },
  'add-personal-tag': { type: 'string', multiple: true },
  'remove-personal-tag': { type: 'string', multiple: true },
  'personal-tag': { type: 'string', multiple: true },
  'contact-way': { type: 'string' },
  'group-name': { type: 'string' },
  group: { type: 'string' },
  tag: { type: 'string', multiple: true },
  id: { type: 'string', multiple: true },
  strategy: { type: 'string' },
  chat: { type: 'string' },
  member: { type: 'string', multiple: true },
  notice: { type: 'string' },
  how: { type: 'string' },
  invitor: { type: 'string' },
  removed: { type: 'boolean' },
  msgid: { type: 'string' },
  skip: { type: 'string', multiple: true },
  'confirm-only': { type: 'boolean' },
  path: { type: 'string' },
  limit: { type: 'string' },
  port: { type: 'string' },
  'callback-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCli() {
  return parseArgs({ allowPositionals: true, options: CLI_OPTIONS });
}

export type CliValues = ReturnType<typeof parseCli>['values'];

export function needValue<K extends keyof CliValues>(values: CliValues, name: K): NonNullable<CliValues[K]> {
  const value = values[name];
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    throw new Error(`missing --${String(name)}`);
  return value;
}

export function simBase(values: CliValues, env: NodeJS.ProcessEnv): string {
  return (values.sim ?? env.WECOM_SIM_URL ?? 'http://127.0.0.1:8081').replace(/\/+$/, '');
}

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
