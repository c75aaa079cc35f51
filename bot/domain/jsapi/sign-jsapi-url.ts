import { randomBytes } from 'node:crypto';
import { getJsApiSignature } from '@wecom/crypto';
import { badRequest } from '../../errors';
import type { JsapiTickets } from '../../wecom/jsapi-tickets';

export interface JsapiSignature {
  timestamp: number;
  nonceStr: string;
  signature: string;
}

/**
 * Signs a page URL for `ww.register` (API.md §3.9): `sha1("jsapi_ticket=T&noncestr=N&timestamp=TS&url=URL")` with
 * the corp ticket for `getConfigSignature` and the app ticket for `getAgentConfigSignature` (mixing them is the
 * classic 40093). The URL is signed exactly as the SDK passed it (re-serialising it through `URL` could add a
 * slash or change escapes, and then the client's own check fails), without its `#…`, and only when it is one of
 * our own pages: a signature is the page's licence to the JS-SDK, so a foreign page must not get one. Any
 * signed-in member may ask; the JS-SDK then gives them nothing their WeCom client would not.
 */
export async function signJsapiUrl(
  deps: { tickets: JsapiTickets },
  input: { url: string; ticket: 'corp' | 'agent'; ownOrigin: string },
): Promise<JsapiSignature> {
  const url = input.url.split('#')[0] ?? '';
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    throw badRequest('foreign_url', 'url must be an absolute URL');
  }
  if (origin !== input.ownOrigin) {
    throw badRequest('foreign_url', `url must be a page of ${input.ownOrigin}`);
  }
  const ticket = input.ticket === 'corp' ? await deps.tickets.corp() : await deps.tickets.agent();
  // Seconds, not ms (a ms timestamp is another 40093); a nonce from the CSPRNG (the library's is Math.random).
  const timestamp = Math.floor(Date.now() / 1000);
  const nonceStr = randomBytes(12).toString('base64url');
  const { signature } = getJsApiSignature({ url, ticket, nonceStr, timestamp });
  return { timestamp, nonceStr, signature };
}
