import type { Context } from 'koa';
import { signJsapiUrl } from '../../domain/jsapi/sign-jsapi-url';
import type { Logger } from '../../logger';
import type { JsapiTickets } from '../../wecom/jsapi-tickets';
import type { SidebarBoot } from '../contract/session';
import { ownOrigin } from '../middlewares/session';

/**
 * How long the page may wait for the tickets: they come from Redis in a millisecond, but the first visit after
 * they expired fetches them from WeCom, and the page's own signature requests can wait for that instead of the
 * HTML (which holds back the scripts).
 */
const SIGN_WITHIN_MS = 800;

export interface SidebarBootOptions {
  tickets: JsapiTickets;
  wecom: { corpId: string; agentId: number };
  publicUrl: string | undefined;
  logger: Logger;
}

export type BuildSidebarBoot = (ctx: Context) => Promise<SidebarBoot>;

/** The boot data of one `index.html` response: the app's ids, and both signatures for the URL requested. */
export function sidebarBoot(options: SidebarBootOptions): BuildSidebarBoot {
  const wecom = { corpId: options.wecom.corpId, agentId: options.wecom.agentId };
  return async (ctx) => {
    // The URL as the browser has it (the request line is what it sent), which signJsapiUrl checks is ours.
    const url = `${ownOrigin(ctx, options.publicUrl)}${ctx.originalUrl}`;
    const sign = (ticket: 'corp' | 'agent') =>
      signJsapiUrl(options, { url, ticket, ownOrigin: ownOrigin(ctx, options.publicUrl) });
    const signed = Promise.all([sign('corp'), sign('agent')]);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SIGN_WITHIN_MS)));
    try {
      const pair = await Promise.race([signed, late]);
      return { wecom, signatures: pair && { url, config: pair[0], agent: pair[1] } };
    } catch (error) {
      // The page asks the endpoints, which answer the failure in its own words (wecom_<errcode>).
      options.logger.warn({ err: error }, 'sidebar page served without JS-SDK signatures');
      return { wecom, signatures: null };
    } finally {
      clearTimeout(timer);
      signed.catch(() => undefined);
    }
  };
}

/** The boot data as a script the page runs before its module: JSON, with `<` escaped so it cannot end the tag. */
export function bootScript(boot: SidebarBoot): string {
  const json = JSON.stringify(boot).replace(/</g, '\\u003c');
  return `<script>window.__SCRM_BOOT__=${json}</script>`;
}
