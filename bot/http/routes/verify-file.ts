import Router from '@koa/router';

/**
 * WeCom's domain-verification files (API.md §4.1): to set a trusted domain (可信域名) the admin console asks for
 * `https://<domain>/WW_verify_<code>.txt` answering exactly `<code>` (no newline), at the domain's root, before
 * it saves. The codes come from WECOM_VERIFY_FILES (config.ts allows only letters and digits in them).
 */
export function verifyFileRoutes(codes: readonly string[]): Router {
  const router = new Router();
  for (const code of codes) {
    router.get(`/WW_verify_${code}.txt`, (ctx) => {
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = code;
    });
  }
  return router;
}
