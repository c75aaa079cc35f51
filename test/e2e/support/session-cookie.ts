// Session cookies made by hand, for the tests that the bot refuses what it did not issue or issued too long ago.
// The bot signs with Koa's keys: a `<name>.sig` cookie holding Keygrip's HMAC-SHA1 of `<name>=<value>`
// (base64 with `/+=` made URL-safe), and the value is base64url JSON { userid, iat, exp } (seconds).
import { createHmac } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { SESSION_COOKIE } from '../../helpers/sign-in';

/** Keygrip's signature, as the `cookies` package computes it for a signed cookie. */
export function keygripSign(secret: string, data: string): string {
  return createHmac('sha1', secret)
    .update(data)
    .digest('base64')
    .replace(/[/+=]/g, (c) => ({ '/': '_', '+': '-', '=': '' })[c] ?? '');
}

export function sessionValue(session: { userid: string; iat: number; exp: number }): string {
  return Buffer.from(JSON.stringify(session), 'utf8').toString('base64url');
}

/** The browser's current session cookie (value only). */
export async function currentSession(client: BrowserContext, botUrl: string): Promise<string | undefined> {
  return (await client.cookies(botUrl)).find((c) => c.name === SESSION_COOKIE)?.value;
}

/** Puts a session cookie and its signature in the browser, as the bot would set them (HttpOnly, Lax, path /). */
export async function setSessionCookies(
  client: BrowserContext,
  botUrl: string,
  cookies: { value: string; sig: string },
): Promise<void> {
  const base = { url: botUrl, httpOnly: true, sameSite: 'Lax' as const };
  await client.addCookies([
    { ...base, name: SESSION_COOKIE, value: cookies.value },
    { ...base, name: `${SESSION_COOKIE}.sig`, value: cookies.sig },
  ]);
}
