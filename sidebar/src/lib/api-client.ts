import type { ErrorBody, ErrorCode } from '@contract/errors';
import { env } from '@/config/env';
import { navigation } from '@/lib/navigation';

/** The server's error codes, plus two of ours for answers that never arrived or cannot be read. */
export type ApiErrorCode = ErrorCode | 'network_error' | 'bad_response';

/** A failed API call: the HTTP status (0 when there was no answer) and the contract's error code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Whether something thrown is an ApiError (duck-typed: errors may cross realms in tests). */
export function isApiError(error: unknown): error is ApiError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'ApiError' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

export type Query = Record<string, string | number | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** The sign-in URL that brings the guide back to `returnTo` (path, query and hash of this page). */
export function signInUrl(returnTo: string): string {
  return `${env.authStartPath}?returnTo=${encodeURIComponent(returnTo)}`;
}

function buildUrl(path: string, query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${env.apiBase}${path}${search ? `?${search}` : ''}`;
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string';
}

function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

// An answer that will never come: the page is on its way to sign-in, so nothing should render an error.
const leaving = (): Promise<never> => new Promise<never>(() => undefined);

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'network_error', '网络连接失败');
  }
  // Any 401 (session_required, session_expired, or a proxy's) means: sign in again and come back here.
  if (response.status === 401) {
    navigation.assign(signInUrl(navigation.currentLocation()));
    return leaving();
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(
      response.status,
      'bad_response',
      `服务器返回了无法识别的内容（HTTP ${response.status}）`,
    );
  }
  if (!response.ok) {
    if (isErrorBody(json)) throw new ApiError(response.status, json.error.code, json.error.message);
    throw new ApiError(response.status, 'http_error', `HTTP ${response.status}`);
  }
  return json as T;
}

/** The staff API over fetch, typed by the caller with the contract's response types. */
export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body: unknown = {}): Promise<T> => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown): Promise<T> => request<T>('PATCH', path, { body }),
};
