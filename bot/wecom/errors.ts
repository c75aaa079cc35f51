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

  constructor(
    api: string,
    errcode: number,
    errmsg: string,
    options: { retryable?: boolean; cause?: unknown } = {},
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
  }
}

/** Transport failures (timeout, refused connection, 5xx) have no errcode; we give them 0 and always retry. */
export function transportError(api: string, message: string, cause?: unknown): WecomError {
  return new WecomError(api, 0, message, { retryable: true, cause });
}

export function isWecomError(error: unknown, errcode?: number): error is WecomError {
  return error instanceof WecomError && (errcode === undefined || error.errcode === errcode);
}
