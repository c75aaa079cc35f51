// The page's settings. Nothing here comes from the build environment: the bot serves the page on its own
// origin, so the API and the sign-in route are fixed paths there (a dev server proxies them, vite.config.ts).
// That leaves nothing to validate at start-up, so no schema library ships for it.

export const env = {
  /** The staff API, same origin (cookies: `credentials: 'same-origin'`). */
  apiBase: '/api/v1',
  /** Where a 401 sends the page: the bot's WeCom OAuth start, which comes back to `returnTo`. */
  authStartPath: '/auth/wecom/start',
  /** How long we wait for the WeCom client to accept our signatures before saying so. */
  sdkReadyTimeoutMs: 15_000,
} as const;
