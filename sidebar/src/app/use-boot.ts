import { useEffect, useState } from 'react';
import type { JsapiSignatureResponse, MeResponse } from '@contract/session';
import { type WecomProblem, explainWecomError } from '@/lib/wecom-errors';
import { type WecomSession, hasWecomClient, loadWecomSdk, registerWecom } from '@/lib/wecom';
import { getAgentConfigSignature, getConfigSignature } from '@/features/session/api/get-jsapi-signature';
import { getMe } from '@/features/session/api/get-me';
import { type Route, parseHash } from '@/app/hash-route';

export type BootState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'sdk_error'; problem: WecomProblem }
  | { status: 'ready'; me: MeResponse; wecom: WecomSession; home: Route };

// Entries whose page has a customer (getCurExternalContact's entries, API.md §4.6).
const CUSTOMER_ENTRIES = new Set(['single_chat_tools', 'contact_profile']);

/** Where the page starts: the chat's customer, the guide's day, or why the sidebar does not apply here. */
async function findHome(wecom: WecomSession): Promise<Route> {
  if (CUSTOMER_ENTRIES.has(wecom.entry)) {
    return { name: 'customer', externalUserid: await wecom.getCurExternalContact() };
  }
  if (wecom.entry === 'normal') {
    // Outside a chat a link may still name a page (the reminder digest, or coming back from sign-in).
    const linked = parseHash(window.location.hash);
    return linked.name === 'customer' || linked.name === 'today' ? linked : { name: 'today' };
  }
  return { name: 'single-chat-only', entry: wecom.entry };
}

/**
 * Both signatures requested at once, alongside /me, for the URL the SDK will pass (`location.href` without its
 * hash): they need nothing from /me, and waiting for it would add a round trip before WeCom can check them. A
 * callback for any other URL asks the server then.
 */
function prefetchSignatures() {
  const pageUrl = window.location.href.split('#')[0] ?? '';
  const early = (fetch: (url: string) => Promise<JsapiSignatureResponse>) => {
    const promise = fetch(pageUrl);
    promise.catch(() => undefined);
    return (url: string) => (url === pageUrl ? promise : fetch(url));
  };
  return { config: early(getConfigSignature), agent: early(getAgentConfigSignature) };
}

/**
 * The visit's start: who is signed in (/me; a 401 goes to sign-in), the JS-SDK registered with both signatures,
 * and the page the entry leads to. The SDK starts loading at once, alongside /me.
 */
export function useBoot(attempt: number): BootState {
  const [state, setState] = useState<BootState>({ status: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    const update = (next: BootState) => {
      if (isCurrent) setState(next);
    };
    setState({ status: 'loading' });
    const sdk = loadWecomSdk();
    // Its failure is read after /me; until then it must not count as unhandled.
    sdk.catch(() => undefined);
    // Outside WeCom nothing will ask for them.
    const signatures = hasWecomClient() ? prefetchSignatures() : null;
    void (async () => {
      let me: MeResponse;
      try {
        me = await getMe();
      } catch (error) {
        update({ status: 'error', error });
        return;
      }
      try {
        const wecom = await registerWecom(sdk, {
          corpId: me.wecom.corpId,
          agentId: me.wecom.agentId,
          getConfigSignature: signatures?.config ?? getConfigSignature,
          getAgentConfigSignature: signatures?.agent ?? getAgentConfigSignature,
        });
        update({ status: 'ready', me, wecom, home: await findHome(wecom) });
      } catch (error) {
        update({ status: 'sdk_error', problem: explainWecomError(error) });
      }
    })();
    return () => {
      isCurrent = false;
    };
  }, [attempt]);
  return state;
}
