import type { JsapiSignatureResponse, SidebarBoot } from '@contract/session';

declare global {
  interface Window {
    __SCRM_BOOT__?: SidebarBoot;
  }
}

/** The boot data the bot wrote into this page (bot/http/routes/sidebar-boot.ts), if any: not in Vite's dev server. */
export function readBootData(): SidebarBoot | null {
  const boot = window.__SCRM_BOOT__;
  if (typeof boot?.wecom?.corpId !== 'string' || typeof boot.wecom.agentId !== 'number') return null;
  return boot;
}

/**
 * The signature callback for one ticket: the page's inline signature for the URL it was signed for, else `fetch`
 * (another URL, or none inline). An inline one serves once: a second register (the retry after a failure) asks
 * the server afresh.
 */
export function withInlineSignature(
  inline: { url: string; signature: JsapiSignatureResponse } | null,
  fetch: (url: string) => Promise<JsapiSignatureResponse>,
): (url: string) => Promise<JsapiSignatureResponse> {
  let unused = inline;
  return (url) => {
    if (unused && unused.url === url) {
      const { signature } = unused;
      unused = null;
      return Promise.resolve(signature);
    }
    return fetch(url);
  };
}
