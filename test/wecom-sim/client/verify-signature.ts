import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SimState } from '../state';

/**
 * What the client checks when a page calls `wx.config` (the corp ticket) or `wx.agentConfig` (the app ticket):
 * the fields `ww.register` passes on from the page's signature callbacks, plus the URL of the page it is on.
 */
export const SignatureCheck = z.object({
  kind: z.enum(['config', 'agentConfig']),
  /** The page's URL as the client sees it (`location.href` without `#…`): what must have been signed. */
  url: z.string(),
  corpId: z.string(),
  agentId: z.union([z.string(), z.number()]).optional(),
  timestamp: z.union([z.string(), z.number()]),
  nonceStr: z.string(),
  signature: z.string(),
});
export type SignatureCheck = z.infer<typeof SignatureCheck>;

export interface SignatureVerdict {
  errcode: number;
  errmsg: string;
}

// How far a signature's timestamp may be from the client's clock. WeCom publishes no window (UNCONFIRMED); a
// day is wide enough for any clock and still catches a timestamp in milliseconds, which is 1000× too large.
const MAX_SKEW_SECONDS = 24 * 3600;

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/** Whether the page's host is the trusted domain or under it (API.md §4.1: JS-SDK works on its subdomains too). */
export function isUnderTrustedDomain(state: SimState, url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  const domain = state.trustedDomain.toLowerCase();
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * Checks a JS-SDK signature as WeCom's client does (API.md §3.9, §4): the right corp and app, a page on the
 * trusted domain (80001 otherwise), a timestamp in seconds, and `sha1("jsapi_ticket=T&noncestr=N&timestamp=TS&url=
 * URL")` over the page's own URL with a live ticket **of the right kind**: the corp ticket for config, the app
 * ticket for agentConfig (the other one is 40093, the most common sidebar failure).
 */
export function verifySignature(state: SimState, now: number, check: SignatureCheck): SignatureVerdict {
  if (check.corpId !== state.corp.corpId) return { errcode: 40013, errmsg: 'invalid corpId' };
  if (check.kind === 'agentConfig' && String(check.agentId ?? '') !== String(state.corp.agentId)) {
    return { errcode: 40056, errmsg: 'invalid agentid' };
  }
  if (!isUnderTrustedDomain(state, check.url)) {
    return { errcode: 80001, errmsg: 'not match any reliable domain' };
  }
  const timestamp = String(check.timestamp);
  const seconds = Number(timestamp);
  if (!/^\d{1,11}$/.test(timestamp) || Math.abs(seconds - now / 1000) > MAX_SKEW_SECONDS) {
    return { errcode: 40093, errmsg: 'invalid signature (timestamp must be unix seconds)' };
  }
  const wanted = check.kind === 'config' ? 'jsapi' : 'agent_config';
  const text = (ticket: string) =>
    `jsapi_ticket=${ticket}&noncestr=${check.nonceStr}&timestamp=${timestamp}&url=${check.url}`;
  let wrongKind = false;
  for (const ticket of state.tickets.values()) {
    if (ticket.expiresAt <= now || sha1(text(ticket.ticket)) !== check.signature) continue;
    if (ticket.type === wanted) return { errcode: 0, errmsg: 'ok' };
    wrongKind = true;
  }
  return {
    errcode: 40093,
    errmsg: wrongKind
      ? `invalid signature (signed with the ${wanted === 'jsapi' ? 'app' : 'corp'} ticket)`
      : 'invalid signature',
  };
}
