import { signJsapiUrl } from '../../domain/jsapi/sign-jsapi-url';
import type { JsapiTickets } from '../../wecom/jsapi-tickets';
import { JsapiSignatureQuery, type JsapiSignatureResponse } from '../contract/session';
import { ownOrigin } from '../middlewares/session';
import { presentMe } from '../presenters/me';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

export interface SessionRoutesOptions {
  tickets: JsapiTickets;
  wecom: { corpId: string; agentId: number };
  publicUrl: string | undefined;
}

/** Who am I (`GET /me`) and the two JS-SDK signatures the sidebar's `ww.register` asks for. */
export function sessionRoutes(options: SessionRoutesOptions): StaffRoutes {
  return (router) => {
    router.get('/me', (ctx) => {
      ctx.body = presentMe(ctx.state.actor, ctx.state.caller, options.wecom);
    });

    for (const [path, ticket] of [
      ['/jsapi/config-signature', 'corp'],
      ['/jsapi/agent-signature', 'agent'],
    ] as const) {
      router.get(path, async (ctx) => {
        const { url } = parseInput(JsapiSignatureQuery, ctx.query);
        const signed = await signJsapiUrl(options, {
          url,
          ticket,
          ownOrigin: ownOrigin(ctx, options.publicUrl),
        });
        // A signature is good for this page only: never cached by a proxy or the webview.
        ctx.set('Cache-Control', 'no-store');
        ctx.body = signed satisfies JsapiSignatureResponse;
      });
    }
  };
}
