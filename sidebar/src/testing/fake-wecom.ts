// The WeCom client, stubbed where the page meets it: a fake `window.__WECOM_STANDIN__` with the JS-SDK's names
// and result shapes ({ errMsg, errCode }), recording what the page asked, and failing the way the SDK fails.
import type { JsapiSignatureResponse } from '@contract/session';
import type { ChatMessage, MomentPayload, WecomSdk } from '@/lib/wecom';

export interface SdkFailure {
  errMsg: string;
  errCode?: number;
}

interface FakeWecomOptions {
  entry?: string;
  externalUserid?: string;
  /** The result agentConfig/config fails with (bad signature, domain, permission, old client). */
  configFailure?: SdkFailure;
  /** The client never answers agentConfig (a webview without the bridge). */
  configHangs?: boolean;
  contactFailure?: SdkFailure;
  sendFailure?: SdkFailure;
  /** What shareToExternalMoments fails with (the desktop client: function not exist; the guide cancels). */
  shareFailure?: SdkFailure;
}

interface RegisterOptions {
  corpId: string;
  agentId?: string | number;
  jsApiList?: string[];
  getConfigSignature?: (url: string) => Promise<JsapiSignatureResponse> | JsapiSignatureResponse;
  getAgentConfigSignature?: (url: string) => Promise<JsapiSignatureResponse> | JsapiSignatureResponse;
}

export interface FakeWecom {
  registered: RegisterOptions[];
  /** What the page returned from each signature callback, with the URL the SDK passed it. */
  signatures: { kind: 'config' | 'agent'; url: string; result: JsapiSignatureResponse }[];
  sent: ChatMessage[];
  openedChats: unknown[];
  shared: MomentPayload[];
  options: FakeWecomOptions;
}

const ok = (api: string) => ({ errMsg: `${api}:ok`, errCode: 0 });

export function installFakeWecom(options: FakeWecomOptions = {}): FakeWecom {
  const fake: FakeWecom = { registered: [], signatures: [], sent: [], openedChats: [], shared: [], options };
  let ready: Promise<unknown> = Promise.reject(new Error('register was not called'));
  ready.catch(() => undefined);
  const sdk = {
    register(opts: RegisterOptions) {
      fake.registered.push(opts);
      // As the SDK does: sign the page URL without its hash, corp and app signatures, then ask the client.
      const url = window.location.href.split('#')[0] ?? '';
      ready = (async () => {
        const config = await opts.getConfigSignature?.(url);
        if (config) fake.signatures.push({ kind: 'config', url, result: config });
        const agent = await opts.getAgentConfigSignature?.(url);
        if (agent) fake.signatures.push({ kind: 'agent', url, result: agent });
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the SDK rejects with plain results
        if (fake.options.configFailure) throw fake.options.configFailure;
        if (fake.options.configHangs) await new Promise(() => undefined);
        return { params: {}, result: ok('agentConfig') };
      })();
      ready.catch(() => undefined);
    },
    ensureConfigReady: () => ready,
    async getContext() {
      await ready;
      return { ...ok('getContext'), entry: fake.options.entry ?? 'single_chat_tools' };
    },
    async getCurExternalContact() {
      await ready;
      const entry = fake.options.entry ?? 'single_chat_tools';
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the SDK rejects with plain results
      if (fake.options.contactFailure) throw fake.options.contactFailure;
      if (entry !== 'single_chat_tools' && entry !== 'contact_profile') {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- the SDK rejects with plain results
        throw { errMsg: 'getCurExternalContact:fail without context of external contact', errCode: -1 };
      }
      return { ...ok('getCurExternalContact'), userId: fake.options.externalUserid ?? 'wmCustomer001' };
    },
    async sendChatMessage(message: ChatMessage) {
      await ready;
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the SDK rejects with plain results
      if (fake.options.sendFailure) throw fake.options.sendFailure;
      fake.sent.push(message);
      return ok('sendChatMessage');
    },
    async openEnterpriseChat(params: unknown) {
      await ready;
      fake.openedChats.push(params);
      return { ...ok('openEnterpriseChat'), chatId: '' };
    },
    async shareToExternalMoments(payload: MomentPayload) {
      await ready;
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the SDK rejects with plain results
      if (fake.options.shareFailure) throw fake.options.shareFailure;
      fake.shared.push(payload);
      return ok('shareToExternalMoments');
    },
  };
  // The SDK's d.ts overloads each call with callbacks this fake does not need; the shapes that matter match.
  window.__WECOM_STANDIN__ = sdk as unknown as WecomSdk;
  return fake;
}
