import { z } from 'zod';
import { Text } from './common';

export type Role = 'guide' | 'store_manager' | 'hq';

/** GET /api/v1/me: who the session (or the staff token) acts as. */
export interface MeResponse {
  role: Role;
  /** The WeCom userid; null for the staff token (HQ integrations). */
  userid: string | null;
  name: string;
  /** The store of a guide or store manager. */
  store: { id: string; name: string } | null;
  /** What the page needs for `ww.register` (both are public: they appear in every JS-SDK page). */
  wecom: { corpId: string; agentId: number };
}

/**
 * GET /api/v1/jsapi/config-signature?url and /api/v1/jsapi/agent-signature?url: the two signatures `ww.register`
 * asks for (API.md §3.9): the corp ticket (`get_jsapi_ticket`) and the app ticket (`ticket/get?type=agent_config`).
 * `url` is the page's `location.href` without its `#…`, exactly as the SDK passes it.
 */
export const JsapiSignatureQuery = z.object({ url: Text.url().max(2048) });
export type JsapiSignatureQuery = z.input<typeof JsapiSignatureQuery>;

/** Exactly what the SDK's signature callbacks return: `timestamp` in seconds, `nonceStr` with a capital S. */
export interface JsapiSignatureResponse {
  timestamp: number;
  nonceStr: string;
  signature: string;
}

/**
 * What the bot writes into the sidebar's `index.html` (as `window.__SCRM_BOOT__`), so that `ww.register` can start
 * as soon as the script runs instead of after /me and the two signature requests (two round trips on a phone
 * network). `signatures` is for `url`, the page as the bot saw it requested; the page uses them only when that is
 * its own `location.href` without the hash, and asks the endpoints otherwise (or when they are null: the tickets
 * could not be had in time).
 */
export interface SidebarBoot {
  wecom: { corpId: string; agentId: number };
  signatures: { url: string; config: JsapiSignatureResponse; agent: JsapiSignatureResponse } | null;
}
