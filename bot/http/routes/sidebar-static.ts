import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Middleware } from 'koa';
import send from 'koa-send';
import { readSession } from '../middlewares/session';
import { escapeHtml, renderPage } from '../pages/render-page';
import type { AuthOptions } from './auth';
import { createAssetServer } from './sidebar-assets';
import { type BuildSidebarBoot, bootScript } from './sidebar-boot';

export interface SidebarStaticOptions {
  /** Vite's outDir (`sidebar/dist`), built with `base: '/sidebar/'`. */
  distDir: string;
  /** The simulator's base URL: its JS-SDK stand-in is loaded before the app (development and tests only). */
  clientStandinUrl: string | undefined;
  auth: AuthOptions;
  /** The boot data written into each `index.html` (sidebar-boot.ts); without it the page asks for it. */
  boot?: BuildSidebarBoot;
}

const PREFIX = '/sidebar';

/**
 * The built sidebar at /sidebar/. `index.html` is never cached (it names the current hashed assets) and needs a
 * session: without one the request goes straight to WeCom's OAuth, which brings the member back here signed in
 * (one round trip fewer than loading the page to find out). The page uses hash routing, so one URL (and one
 * JS-SDK signature) serves the whole visit. Assets are immutable and compressed (sidebar-assets.ts); anything
 * else in the build (icons) is served as is and revalidated. Without a build every path answers a 503 page.
 */
export function sidebarStatic(options: SidebarStaticOptions): Middleware {
  const dist = path.resolve(options.distDir);
  const indexFile = path.join(dist, 'index.html');
  const serveAsset = createAssetServer(path.join(dist, 'assets'));
  let cachedIndex: { version: string; html: string } | null = null;

  const readIndex = async (): Promise<string | null> => {
    let version: string;
    try {
      const info = await stat(indexFile);
      version = `${info.mtimeMs}:${info.size}`;
    } catch {
      return null;
    }
    if (cachedIndex?.version !== version) {
      const html = await readFile(indexFile, 'utf8');
      cachedIndex = { version, html: withStandin(html, options.clientStandinUrl) };
    }
    return cachedIndex.html;
  };

  return async (ctx, next) => {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next() as Promise<void>;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next() as Promise<void>;
    if (ctx.path === PREFIX) {
      // Relative asset URLs and the page's own base need the trailing slash.
      ctx.redirect(`${PREFIX}/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      return undefined;
    }
    const html = await readIndex();
    if (html === null) return notBuilt(ctx);

    const rest = ctx.path.slice(PREFIX.length + 1);
    if (rest === '' || rest === 'index.html') {
      if (readSession(ctx).status !== 'ok') return signInHop(ctx, `${PREFIX}/`);
      ctx.type = 'text/html; charset=utf-8';
      if (!options.boot) {
        ctx.set('Cache-Control', 'no-cache');
        ctx.body = html;
        return undefined;
      }
      // Signed for this request: never reused from a cache.
      ctx.set('Cache-Control', 'no-store');
      ctx.body = beforeModuleScript(html, bootScript(await options.boot(ctx)));
      return undefined;
    }
    if (rest.startsWith('assets/')) {
      if (await serveAsset(ctx, rest.slice('assets/'.length))) return undefined;
      return next() as Promise<void>;
    }
    try {
      await send(ctx, rest, {
        root: dist,
        setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
      });
    } catch (error) {
      // 404 missing, 403 a path koa-send refuses (`..`, NUL): either way, nothing here.
      const status = (error as { status?: number }).status;
      if (status === 404 || status === 403) return next() as Promise<void>;
      throw error;
    }
    return undefined;
  };
}

/**
 * The page as served: with the simulator's JS-SDK stand-in (a classic script, so it runs before the app's
 * deferred module script) when one is configured.
 */
export function withStandin(html: string, standinUrl: string | undefined): string {
  if (!standinUrl) return html;
  return beforeModuleScript(html, `<script src="${escapeHtml(`${standinUrl}/client/jssdk.js`)}"></script>`);
}

function beforeModuleScript(html: string, tag: string): string {
  const moduleScript = /<script\b[^>]*\btype=["']?module\b/i.exec(html);
  if (moduleScript)
    return `${html.slice(0, moduleScript.index)}${tag}\n    ${html.slice(moduleScript.index)}`;
  return html.replace(/<\/head>/i, `${tag}\n    </head>`);
}

export function notBuilt(ctx: Context): void {
  renderPage(ctx, 503, {
    title: '侧边栏尚未构建',
    lines: ['服务已启动，但还没有找到侧边栏的页面文件（sidebar/dist）。'],
    adminHint: '请在服务器上运行 npm run build:sidebar 后刷新；或用 SIDEBAR_DIST_DIR 指向构建目录。',
  });
}

/**
 * No session: on to WeCom's OAuth, by way of the page itself. A link to a customer (`#/customer/…`, from the
 * reminder digest or a manager) carries its route in the hash, which browsers never send: a 302 from here would
 * lose it and land on the guide's day. So the hop reads `location` in the browser and starts the sign-in with
 * all of it as returnTo (one extra round trip, only for a visit without a session). It leaves once its own
 * document has loaded: replaced while the last bytes were still arriving, Chromium aborted the hop's request
 * (ERR_ABORTED, 25 of 300 sign-ins on a busy machine, 0 of 300 this way).
 */
export function signInHop(ctx: Context, fallback: string): undefined {
  ctx.status = 200;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>正在登录…</title></head><body><script>document.addEventListener('DOMContentLoaded', function () { location.replace('/auth/wecom/start?returnTo=' + encodeURIComponent(location.pathname + location.search + location.hash)); });</script><noscript><a href="/auth/wecom/start?returnTo=${encodeURIComponent(fallback)}">登录</a></noscript></body></html>`;
  return undefined;
}
