import type { ErrorCode } from './http/contract/errors';

export type { ErrorCode };

/**
 * The one error type of the service. `code` is stable and machine-readable, `status` is the HTTP status the
 * error middleware answers with, and `expose` says whether `message` may be shown to the caller. Codes are the
 * staff API contract's list (bot/http/contract/errors.ts): a new code is added there.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { status?: number; expose?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 500;
    this.expose = options.expose ?? this.status < 500;
  }
}

export const badRequest = (code: ErrorCode, message: string, cause?: unknown) =>
  new AppError(code, message, { status: 400, cause });
export const unauthorized = (code: ErrorCode, message: string) =>
  new AppError(code, message, { status: 401 });
export const notFound = (code: ErrorCode, message: string) => new AppError(code, message, { status: 404 });

/**
 * Whether trying again later may succeed: WeCom says so per errcode, our own 4xx errors never do, and
 * anything unexpected (a dropped connection, a deadlock) gets the benefit of the doubt.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AppError) {
    const flagged = (error as AppError & { isRetryable?: boolean }).isRetryable;
    return flagged ?? error.status >= 500;
  }
  return true;
}
