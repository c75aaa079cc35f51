/**
 * The simulated WeCom client (the app on the guide's phone or PC): who is logged in, which chat the sidebar was
 * opened from, and what the page asked of the JS-SDK. WeCom has no API for any of this; tests read it here.
 */

/** `ww.getContext().entry` values the stand-in can open (API.md §4.5). */
export const CLIENT_ENTRIES = ['single_chat_tools', 'contact_profile', 'normal', 'group_chat_tools'] as const;
export type ClientEntry = (typeof CLIENT_ENTRIES)[number];

/** The phone app or the desktop one: some JS-SDK calls exist on phones only (shareToExternalMoments). */
export const CLIENT_PLATFORMS = ['mobile', 'desktop'] as const;
export type ClientPlatform = (typeof CLIENT_PLATFORMS)[number];

/** One JS-SDK call the page made (register included), with what the stand-in answered. */
export interface SimClientCall {
  /** Sim-clock ms. */
  at: number;
  /** `register`, `getContext`, `sendChatMessage`, … */
  api: string;
  params: unknown;
  /** The SDK's result or rejection: `{ errMsg, errCode, … }`. */
  result: Record<string, unknown>;
  ok: boolean;
}

export interface SimClientSession {
  id: string;
  /** The member logged in to this client. */
  userid: string;
  entry: ClientEntry;
  platform: ClientPlatform;
  /** The customer whose chat (or profile) is open: single_chat_tools, contact_profile. */
  externalUserid: string | null;
  /** The customer group whose chat is open: group_chat_tools. */
  chatId: string | null;
  createdAt: number;
  /**
   * The page URL (without `#…`) whose signatures the client accepted, per kind; JS-SDK calls need a successful
   * registration on the current page ("本接口必须使用应用身份进行注册").
   */
  registeredUrl: string | null;
  calls: SimClientCall[];
}
