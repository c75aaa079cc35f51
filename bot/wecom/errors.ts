import { AppError } from '../errors';

/**
 * WeCom answers errors with HTTP 200 and a non-zero errcode. These codes are worth retrying later (API.md §3.11):
 * system busy, frequency and concurrency limits, and 41096 (another app is sending the welcome message).
 */
const RETRYABLE_ERRCODES = new Set([-1, 45009, 45033, 41096]);

/** 40014 invalid and 42001 expired access_token: refresh once and retry once. */
export const TOKEN_ERRCODES = new Set([40014, 42001]);

export class WecomError extends AppError {
  readonly errcode: number;
  readonly api: string;
  readonly isRetryable: boolean;
  /**
   * Set when we know when trying again can succeed (our own rate limit: when its window reopens). Work refused
   * this way is postponed by that long, not counted as a failed attempt (see retryAfterOf).
   */
  readonly retryAfterMs: number | undefined;

  constructor(
    api: string,
    errcode: number,
    errmsg: string,
    options: { retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`wecom_${errcode}`, `WeCom ${api} failed: ${errcode} ${errmsg}`, {
      status: 502,
      expose: false,
      cause: options.cause,
    });
    this.name = 'WecomError';
    this.errcode = errcode;
    this.api = api;
    this.isRetryable = options.retryable ?? RETRYABLE_ERRCODES.has(errcode);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Transport failures (timeout, refused connection, 5xx) have no errcode; we give them 0 and always retry. */
export function transportError(api: string, message: string, cause?: unknown): WecomError {
  return new WecomError(api, 0, message, { retryable: true, cause });
}

export function isWecomError(error: unknown, errcode?: number): error is WecomError {
  return error instanceof WecomError && (errcode === undefined || error.errcode === errcode);
}

/**
 * How long to postpone work that `error` (or an error it wraps) refused with a known time to wait, such as our
 * own rate limit's "retry when the window reopens"; undefined for any other error. Postponed work has not
 * failed: the job waits that long without spending an attempt.
 */
export function retryAfterOf(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    const ms = (e as Error & { retryAfterMs?: unknown }).retryAfterMs;
    if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0) return ms;
  }
  return undefined;
}
