import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';
import { readSession } from '../middlewares/session';
import { DESK_PATH } from './auth';
import { notBuilt, signInHop } from './sidebar-static';

const PREFIX = DESK_PATH.slice(0, -1);

/**
 * The managers' desk at /desk/: the second page of the sidebar's Vite build (`desk/index.html` in its outDir,
 * its scripts under /sidebar/assets/, served there). Hash-routed, so every path under /desk/ is the one page.
 * Without a session the page goes to sign in first: /auth/wecom/start picks OAuth inside the WeCom client and
 * WeCom's web login (a QR code) in any other browser. Who may see what is the API's business (a guide who
 * opens the desk is told it is for managers, and every call answers within their scope).
 */
export function deskStatic(options: { distDir: string }): Middleware {
  const indexFile = path.join(path.resolve(options.distDir), 'desk', 'index.html');
  let cached: { version: string; html: string } | null = null;

  const readIndex = async (): Promise<string | null> => {
    try {
      const info = await stat(indexFile);
      const version = `${info.mtimeMs}:${info.size}`;
      if (cached?.version !== version) cached = { version, html: await readFile(indexFile, 'utf8') };
      return cached.html;
    } catch {
      return null;
    }
  };

  return async (ctx, next) => {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(DESK_PATH)) return next() as Promise<void>;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next() as Promise<void>;
    if (ctx.path === PREFIX) {
      ctx.redirect(`${DESK_PATH}${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      return undefined;
    }
    const html = await readIndex();
    if (html === null) return notBuilt(ctx);
    if (readSession(ctx).status !== 'ok') return signInHop(ctx, DESK_PATH);
    ctx.type = 'text/html; charset=utf-8';
    // It names the current hashed assets: revalidated on every visit.
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = html;
    return undefined;
  };
}
