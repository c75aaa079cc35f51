import type { Context } from 'koa';
import { z } from 'zod';

/**
 * The sidebar's sign-in cookies, signed with Koa's keys (`app.keys` from SESSION_SECRET: an HMAC in a
 * `<name>.sig` companion cookie). Both are HttpOnly and SameSite=Lax: Lax is sent on the top-level GET that
 * brings the member back from WeCom's authorize page (a cross-site redirect), and on the page's own API calls,
 * but not on another site's POSTs. They are Secure when PUBLIC_URL is https. WeCom's webview is a normal browser
 * engine (Chromium on Android and Windows, WebKit on iOS and macOS) and keeps first-party cookies.
 */
export const SESSION_COOKIE = 'scrm_session';
const STATE_COOKIE = 'scrm_oauth';
/** The OAuth round trip must finish within this (WeCom's code itself lives 5 minutes). */
const STATE_TTL_SECONDS = 600;

export interface CookieOptions {
  sessionTtlSeconds: number;
  /** PUBLIC_URL is https: the browser sees https even when TLS ends at a proxy. */
  secure: boolean;
}

/** What the session cookie holds: who, and when it was issued and ends (unix seconds). */
const Session = z.object({
  userid: z.string().min(1).max(64),
  /** The member's name from WeCom when they are not a guide (display only: roles are read from the database). */
  name: z.string().max(64).optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type Session = z.infer<typeof Session>;

const OauthState = z.object({ state: z.string().min(1).max(128), returnTo: z.string(), exp: z.number() });
export type OauthState = z.infer<typeof OauthState>;

export type SessionRead =
  { status: 'ok'; session: Session } | { status: 'none' } | { status: 'invalid' } | { status: 'expired' };

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * The request's session: none (no cookie), invalid (forged, tampered, unreadable: its signature or its shape is
 * wrong) or expired (signed by us, but past its `exp`; the cookie's own Max-Age is only the browser's side).
 */
export function readSession(ctx: Context): SessionRead {
  const payload = readSigned(ctx, SESSION_COOKIE, Session);
  if (payload === 'none' || payload === 'invalid') return { status: payload };
  if (payload.exp <= nowSeconds()) return { status: 'expired' };
  return { status: 'ok', session: payload };
}

/** Starts a session for `userid` (after a successful OAuth callback). */
export function writeSession(
  ctx: Context,
  options: CookieOptions,
  member: { userid: string; name?: string },
): void {
  const iat = nowSeconds();
  const session: Session = { ...member, iat, exp: iat + options.sessionTtlSeconds };
  writeSigned(ctx, options, SESSION_COOKIE, session, options.sessionTtlSeconds);
}

export function clearSession(ctx: Context, options: CookieOptions): void {
  clear(ctx, options, SESSION_COOKIE);
}

/** Remembers the OAuth `state` and where to go back to, until the callback (or 10 minutes). */
export function writeOauthState(ctx: Context, options: CookieOptions, state: string, returnTo: string): void {
  const value: OauthState = { state, returnTo, exp: nowSeconds() + STATE_TTL_SECONDS };
  writeSigned(ctx, options, STATE_COOKIE, value, STATE_TTL_SECONDS);
}

/** The pending OAuth round trip, or null when there is none (never started here, expired, or tampered with). */
export function readOauthState(ctx: Context): OauthState | null {
  const value = readSigned(ctx, STATE_COOKIE, OauthState);
  if (value === 'none' || value === 'invalid' || value.exp <= nowSeconds()) return null;
  return value;
}

export function clearOauthState(ctx: Context, options: CookieOptions): void {
  clear(ctx, options, STATE_COOKIE);
}

/**
 * Our own origin, as the browser sees it: PUBLIC_URL's when set (behind a proxy the request's may differ), else
 * the request's (Koa's `proxy: true` reads X-Forwarded-Proto/Host). Not `ctx.origin`: since Koa 3 that is the
 * request's Origin header, i.e. the caller's.
 */
export function ownOrigin(ctx: Context, publicUrl: string | undefined): string {
  return publicUrl ? new URL(publicUrl).origin : `${ctx.protocol}://${ctx.host}`;
}

function readSigned<S extends z.ZodType>(
  ctx: Context,
  name: string,
  schema: S,
): z.output<S> | 'none' | 'invalid' {
  if (ctx.cookies.get(name, { signed: false }) === undefined) return 'none';
  const raw = ctx.cookies.get(name, { signed: true });
  if (raw === undefined) return 'invalid';
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : 'invalid';
  } catch {
    return 'invalid';
  }
}

function writeSigned(
  ctx: Context,
  options: CookieOptions,
  name: string,
  value: unknown,
  maxAgeSeconds: number,
): void {
  // base64url: cookie-safe without quoting, whatever the userid or name holds.
  const encoded = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  setCookie(ctx, options, name, encoded, maxAgeSeconds * 1000);
}

function clear(ctx: Context, options: CookieOptions, name: string): void {
  setCookie(ctx, options, name, null, undefined);
}

function setCookie(
  ctx: Context,
  options: CookieOptions,
  name: string,
  value: string | null,
  maxAge: number | undefined,
): void {
  // The cookies library refuses a Secure cookie on a request it thinks is plain HTTP (TLS ended at a proxy that
  // sends no X-Forwarded-Proto): PUBLIC_URL says what the browser sees.
  if (options.secure) ctx.cookies.secure = true;
  ctx.cookies.set(name, value, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    overwrite: true,
    ...(maxAge === undefined ? {} : { maxAge }),
  });
}
