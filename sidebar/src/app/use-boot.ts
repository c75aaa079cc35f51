import { useEffect, useState } from 'react';
import type { JsapiSignatureResponse, MeResponse, SidebarBoot } from '@contract/session';
import { type WecomProblem, explainWecomError } from '@/lib/wecom-errors';
import { type WecomSession, hasWecomClient, loadWecomSdk, registerWecom } from '@/lib/wecom';
import { getAgentConfigSignature, getConfigSignature } from '@/features/session/api/get-jsapi-signature';
import { getMe } from '@/features/session/api/get-me';
import { readBootData, withInlineSignature } from '@/app/boot-data';
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
 * The two signature callbacks for the URL the SDK will pass (`location.href` without its hash): the ones the bot
 * wrote into the page when they are for this URL (the first attempt only: a retry asks afresh), else both
 * requested at once, now, alongside /me (they need nothing from it). A callback for any other URL asks then.
 */
function signatureCallbacks(boot: SidebarBoot | null, attempt: number) {
  const pageUrl = window.location.href.split('#')[0] ?? '';
  const inline = attempt === 0 && boot?.signatures?.url === pageUrl ? boot.signatures : null;
  if (inline) {
    return {
      config: withInlineSignature({ url: pageUrl, signature: inline.config }, getConfigSignature),
      agent: withInlineSignature({ url: pageUrl, signature: inline.agent }, getAgentConfigSignature),
    };
  }
  const early = (fetch: (url: string) => Promise<JsapiSignatureResponse>) => {
    const promise = fetch(pageUrl);
    promise.catch(() => undefined);
    return (url: string) => (url === pageUrl ? promise : fetch(url));
  };
  return { config: early(getConfigSignature), agent: early(getAgentConfigSignature) };
}

/**
 * The visit's start: who is signed in (/me; a 401 goes to sign-in), the JS-SDK registered with both signatures,
 * and the page the entry leads to. With the bot's boot data the SDK registers at once, alongside /me; without it
 * (Vite's dev server) after /me, which names the app.
 */
export function useBoot(attempt: number): BootState {
  const [state, setState] = useState<BootState>({ status: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    const update = (next: BootState) => {
      if (isCurrent) setState(next);
    };
    setState({ status: 'loading' });
    const boot = readBootData();
    const sdk = loadWecomSdk();
    // Its failure is read after /me; until then it must not count as unhandled.
    sdk.catch(() => undefined);
    const mePromise = getMe();
    // Outside WeCom nothing will ask for signatures.
    const signatures = hasWecomClient() ? signatureCallbacks(boot, attempt) : null;
    const session = (boot ? Promise.resolve(boot.wecom) : mePromise.then((me) => me.wecom)).then(
      async (ids) => {
        const wecom = await registerWecom(sdk, {
          ...ids,
          getConfigSignature: signatures?.config ?? getConfigSignature,
          getAgentConfigSignature: signatures?.agent ?? getAgentConfigSignature,
        });
        return { wecom, home: await findHome(wecom) };
      },
    );
    // Read after /me (a signed-out visit is a sign-in, not an SDK problem); until then not unhandled.
    session.catch(() => undefined);
    void (async () => {
      let me: MeResponse;
      try {
        me = await mePromise;
      } catch (error) {
        update({ status: 'error', error });
        return;
      }
      try {
        update({ status: 'ready', me, ...(await session) });
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
