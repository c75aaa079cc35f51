import type * as WecomJssdk from '@wecom/jssdk';
import type { JsapiSignatureResponse } from '@contract/session';
import { env } from '@/config/env';

/**
 * The part of `@wecom/jssdk` the sidebar uses. The simulator's stand-in for the WeCom client
 * (`window.__WECOM_STANDIN__`, injected by the bot when it runs with the simulator) has the same names and shapes.
 */
export type WecomSdk = Pick<
  typeof WecomJssdk,
  | 'register'
  | 'ensureConfigReady'
  | 'getContext'
  | 'getCurExternalContact'
  | 'sendChatMessage'
  | 'openEnterpriseChat'
  | 'shareToExternalMoments'
>;

declare global {
  interface Window {
    __WECOM_STANDIN__?: WecomSdk;
  }
}

// Every API the page calls must be listed when it registers (API.md §4.4); they all need the app identity
// (agentConfig), which is why both signature callbacks are given.
export const JS_API_LIST = [
  'getContext',
  'getCurExternalContact',
  'sendChatMessage',
  'openEnterpriseChat',
  'shareToExternalMoments',
];

/** What `sendChatMessage` sends: a text, or a link card (H5 `news`). */
export type ChatMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'news'; news: { link: string; title: string; desc: string; imgUrl: string } };

/**
 * What `shareToExternalMoments` posts (API.md §4 step 8): text, and ≤9 images, or one link, or one video. Images
 * go by URL (`imgUrl`); a video needs a media id, which a library item does not have.
 */
export interface MomentPayload {
  text?: { content: string };
  attachments?: (
    | { msgtype: 'image'; image: { imgUrl: string } }
    | { msgtype: 'link'; link: { title: string; url: string; imgUrl?: string } }
  )[];
}

/** A failure of ours around the SDK (not an SDK result): outside WeCom, or WeCom never answered. */
export class WecomUnavailable extends Error {
  override readonly name = 'WecomUnavailable';
  constructor(readonly reason: 'not_in_wecom' | 'timeout') {
    super(reason === 'not_in_wecom' ? 'not inside the WeCom client' : 'the WeCom client did not answer');
  }
}

export interface RegisterInput {
  corpId: string;
  agentId: number;
  getConfigSignature: (url: string) => Promise<JsapiSignatureResponse>;
  getAgentConfigSignature: (url: string) => Promise<JsapiSignatureResponse>;
}

/** The JS-SDK once registered: where the page was opened from, and what it can do there. */
export interface WecomSession {
  /** `getContext`'s entry: single_chat_tools, contact_profile, normal, group_chat_tools, … */
  entry: string;
  /** Only the single-chat toolbar can send into a chat (sendChatMessage's entries, minus group chats). */
  canSendToChat: boolean;
  getCurExternalContact(): Promise<string>;
  sendChatMessage(message: ChatMessage): Promise<void>;
  openEnterpriseChat(externalUserid: string): Promise<void>;
  /** Opens the phone client's Moments composer; the desktop client has no such call ("function not exist"). */
  shareToExternalMoments(payload: MomentPayload): Promise<void>;
}

// Inside WeCom the user agent carries `wxwork/<version>`, the test the SDK itself makes (`ww.env.isWeCom`).
const isInsideWecom = (): boolean => /wxwork\/[\d.]+/i.test(navigator.userAgent);

/** Whether a JS-SDK can work here: inside the WeCom client, or with the simulator's stand-in. */
export function hasWecomClient(): boolean {
  return window.__WECOM_STANDIN__ !== undefined || isInsideWecom();
}

/**
 * The SDK to use: the stand-in when the page runs with the simulator, else `@wecom/jssdk`, loaded on demand so
 * its ~18 KB (gzipped) stay out of the initial JavaScript. Call it early: it downloads while /me is read.
 */
export function loadWecomSdk(): Promise<WecomSdk> {
  const standIn = window.__WECOM_STANDIN__;
  if (standIn) return Promise.resolve(standIn);
  // Outside WeCom the SDK's calls wait for a bridge that never comes: say so instead of hanging.
  if (!hasWecomClient()) return Promise.reject(new WecomUnavailable('not_in_wecom'));
  return import('@wecom/jssdk');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new WecomUnavailable('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : toError(error));
      },
    );
  });
}

// SDK failures are plain objects ({ errMsg, errCode }); keep them as they are, inside an Error for the linter.
function toError(result: unknown): Error {
  const error = new Error(String((result as { errMsg?: unknown } | null)?.errMsg ?? result));
  return Object.assign(error, { sdkResult: result });
}

/**
 * Register the page with WeCom (corp and app signatures from our two endpoints, for the URL the SDK passes) and
 * read where it was opened. Rejects with the SDK's result or a WecomUnavailable; `explainWecomError` reads both.
 */
export async function registerWecom(
  sdkPromise: Promise<WecomSdk>,
  input: RegisterInput,
): Promise<WecomSession> {
  const sdk = await sdkPromise;
  sdk.register({
    corpId: input.corpId,
    agentId: input.agentId,
    jsApiList: JS_API_LIST,
    getConfigSignature: (url) => input.getConfigSignature(url),
    getAgentConfigSignature: (url) => input.getAgentConfigSignature(url),
  });
  await withTimeout<unknown>(sdk.ensureConfigReady(), env.sdkReadyTimeoutMs);
  // Asked at once with the entry rather than after it: one round trip less on the way to the customer. Outside
  // a chat it fails ("without context"), and nobody reads it.
  const contact = sdk.getCurExternalContact().then(({ userId }) => userId);
  contact.catch(() => undefined);
  // The SDK types entry as an enum of the values it knew when built; newer clients may send others.
  const entry: string = (await withTimeout(sdk.getContext(), env.sdkReadyTimeoutMs)).entry;
  return {
    entry,
    canSendToChat: entry === 'single_chat_tools',
    getCurExternalContact: () => contact,
    async sendChatMessage(message) {
      await sdk.sendChatMessage(message);
    },
    async openEnterpriseChat(externalUserid) {
      // A one-to-one chat: the member is implied, groupName is ignored for single chats (SDK d.ts).
      await sdk.openEnterpriseChat({ externalUserIds: externalUserid, groupName: '' });
    },
    async shareToExternalMoments(payload) {
      await sdk.shareToExternalMoments(payload);
    },
  };
}
