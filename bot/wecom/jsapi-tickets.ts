import type { Redis } from 'ioredis';
import { TokenStore } from './token-store';

/** What both ticket APIs answer (API.md §3.9). */
interface TicketReply {
  ticket: string;
  expires_in: number;
}

export interface JsapiTicketsOptions {
  redis: Redis;
  /** Namespace of the shared keys, as the access_token's (`<prefix>:wecom:…`). */
  redisPrefix: string;
  corpId: string;
  agentId: number;
  /** A GET through the WeCom client (token in the query, refreshed once on 40014/42001, rate-limited). */
  get: (api: string, query: Record<string, string>) => Promise<TicketReply>;
  now?: () => number;
}

/** The two JS-SDK tickets: not interchangeable (the wrong one is a 40093 in the client). */
export interface JsapiTickets {
  /** The corp ticket (`get_jsapi_ticket`) for `wx.config` / `getConfigSignature`. */
  corp(): Promise<string>;
  /** The app ticket (`ticket/get?type=agent_config`) for `wx.agentConfig` / `getAgentConfigSignature`. */
  agent(): Promise<string>;
}

/**
 * Both tickets, cached in Redis and shared by every process, refreshed by one process at a time a few minutes
 * before they expire: the access token's TokenStore, with another fetch. WeCom allows 400 ticket fetches an
 * hour per corp and 100 per app (API.md §3.9); this makes about one every 7,000 s each. The app ticket is per
 * agentid (it must be fetched with that app's token), so its key names the app.
 */
export function createJsapiTickets(options: JsapiTicketsOptions): JsapiTickets {
  const store = (key: string, api: string, query: Record<string, string>) =>
    new TokenStore({
      redis: options.redis,
      key: `${options.redisPrefix}:wecom:${key}`,
      fetchToken: async () => {
        const reply = await options.get(api, query);
        return { token: reply.ticket, expiresInSeconds: reply.expires_in };
      },
      now: options.now,
    });
  const corp = store(`jsapi-ticket:corp:${options.corpId}`, 'get_jsapi_ticket', {});
  const agent = store(`jsapi-ticket:agent:${options.corpId}:${options.agentId}`, 'ticket/get', {
    type: 'agent_config',
  });
  return { corp: () => corp.get(), agent: () => agent.get() };
}
