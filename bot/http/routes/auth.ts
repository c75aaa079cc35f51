import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { AccessPolicy } from '../../domain/access/resolve-actor';
import { type SignInOutcome, signInMember } from '../../domain/access/sign-in-member';
import type { DomainDeps } from '../../domain/deps';
import { isWecomError } from '../../wecom/errors';
import {
  type CookieOptions,
  clearOauthState,
  clearSession,
  ownOrigin,
  readOauthState,
  writeOauthState,
  writeSession,
} from '../middlewares/session';
import { renderPage } from '../pages/render-page';

export interface AuthOptions {
  cookies: CookieOptions;
  policy: AccessPolicy;
  publicUrl: string | undefined;
  oauthAuthorizeUrl: string;
  /** WeCom's web login page (扫码登录): the desk's sign-in in a desktop browser. */
  webLoginUrl: string;
  corpId: string;
  agentId: number;
}

export const DEFAULT_RETURN_TO = '/sidebar/';
/** The managers' desk: in a desktop browser its sign-in is WeCom's web login (a QR code), not OAuth. */
export const DESK_PATH = '/desk/';
const CALLBACK_PATH = '/auth/wecom/callback';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A path on our own origin to go back to after signing in, or null. Anything that could leave the origin is
 * refused (an open redirect would let a link on our domain send a member anywhere): `//host`, `/\host` (browsers
 * read a backslash as a slash), schemes, control characters.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  const base = 'http://origin.invalid';
  try {
    const resolved = new URL(value, base);
    return resolved.origin === base ? value : null;
  } catch {
    return null;
  }
}

/**
 * Sends the browser to WeCom's authorize page (API.md §3.8: the parameters in the documented order,
 * `#wechat_redirect` last), with a fresh `state` kept in a signed cookie, so that the callback accepts only a
 * round trip this browser started. `snsapi_base` is silent: the member sees nothing but the redirects.
 */
export function redirectToWecomOauth(ctx: Context, options: AuthOptions, returnTo: string): void {
  const { state, redirectUri } = startRoundTrip(ctx, options, returnTo);
  const query = [
    `appid=${encodeURIComponent(options.corpId)}`,
    `redirect_uri=${encodeURIComponent(redirectUri)}`,
    'response_type=code',
    'scope=snsapi_base',
    `state=${state}`,
    `agentid=${options.agentId}`,
  ].join('&');
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(`${options.oauthAuthorizeUrl}?${query}#wechat_redirect`);
}

/**
 * Sends a desktop browser to WeCom's web login (doc 98152): the page shows a QR code, the member scans it with
 * WeCom on the phone and confirms, and WeCom comes back to the same callback with a code for auth/getuserinfo.
 * `login_type=CorpApp` is a self-built app's; unlike OAuth there is no `#wechat_redirect`.
 */
export function redirectToWecomWebLogin(ctx: Context, options: AuthOptions, returnTo: string): void {
  const { state, redirectUri } = startRoundTrip(ctx, options, returnTo);
  const query = new URLSearchParams({
    login_type: 'CorpApp',
    appid: options.corpId,
    agentid: String(options.agentId),
    redirect_uri: redirectUri,
    state,
  });
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(`${options.webLoginUrl}?${query.toString()}`);
}

/** A fresh `state` kept in a signed cookie, so that the callback accepts only a round trip this browser began. */
function startRoundTrip(ctx: Context, options: AuthOptions, returnTo: string) {
  const bytes = randomBytes(32);
  const state = [...bytes].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
  writeOauthState(ctx, options.cookies, state, returnTo);
  // WeCom checks redirect_uri's host against the app's trusted domain (可信域名): PUBLIC_URL's when set.
  return { state, redirectUri: `${ownOrigin(ctx, options.publicUrl)}${CALLBACK_PATH}` };
}

/**
 * Which sign-in a start request gets: `via=qr` or `via=oauth` when the page says so; else OAuth for the
 * sidebar (it only ever runs inside the WeCom client) and for the desk opened in the client (its user agent
 * names `wxwork`), the web login for the desk in any other browser, where OAuth cannot work.
 */
export function signInVia(ctx: Context, returnTo: string): 'oauth' | 'qr' {
  const via = ctx.query.via;
  if (via === 'qr' || via === 'oauth') return via;
  const isDesk = returnTo === DESK_PATH.slice(0, -1) || returnTo.startsWith(DESK_PATH);
  return isDesk && !/\bwxwork\//i.test(ctx.get('user-agent')) ? 'qr' : 'oauth';
}

const restartLink = (returnTo: string) => ({
  href: `/auth/wecom/start?returnTo=${encodeURIComponent(returnTo)}`,
  label: '重新进入',
});

/** WeCom sign-in for the sidebar and the desk (OAuth in the client, web login in a browser): start, callback, logout. */
export function authRoutes(deps: DomainDeps, options: AuthOptions): Router {
  const router = new Router({ prefix: '/auth' });

  router.get('/wecom/start', (ctx) => {
    const given = ctx.query.returnTo;
    const returnTo = given === undefined ? DEFAULT_RETURN_TO : safeReturnTo(given);
    if (returnTo === null) {
      renderPage(ctx, 400, {
        title: '链接无效',
        lines: [
          '这个登录链接要把你带到本站以外的地址，已拒绝。',
          '请从企业微信的聊天工具栏或工作台重新打开。',
        ],
        action: restartLink(DEFAULT_RETURN_TO),
      });
      return;
    }
    if (signInVia(ctx, returnTo) === 'qr') redirectToWecomWebLogin(ctx, options, returnTo);
    else redirectToWecomOauth(ctx, options, returnTo);
  });

  router.get('/wecom/callback', async (ctx) => {
    const pending = readOauthState(ctx);
    const state = typeof ctx.query.state === 'string' ? ctx.query.state : '';
    const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
    if (!pending || state === '' || state !== pending.state) {
      renderPage(ctx, 400, {
        title: '登录已失效',
        lines: [
          '这次登录不是从本页面发起的，或已超过 10 分钟。',
          '请点下面的按钮重新进入；若一直出现，请确认企业微信没有禁用本页面的 Cookie。',
        ],
        action: restartLink(pending?.returnTo ?? DEFAULT_RETURN_TO),
      });
      return;
    }
    const returnTo = pending.returnTo;
    if (code === '' || code.length > 512) {
      renderPage(ctx, 400, {
        title: '没有拿到登录凭证',
        lines: ['企业微信没有返回登录凭证（code）。请重新进入。'],
        action: restartLink(returnTo),
      });
      return;
    }
    let outcome: SignInOutcome;
    try {
      outcome = await signInMember(deps, options.policy, code);
    } catch (error) {
      if (isWecomError(error, 40029)) {
        // Used twice (a refresh, the back button) or older than 5 minutes: a fresh round trip fixes it.
        renderPage(ctx, 400, {
          title: '登录凭证已过期',
          lines: ['登录凭证只能使用一次，且 5 分钟内有效。请点下面的按钮重新进入。'],
          action: restartLink(returnTo),
        });
        return;
      }
      deps.logger.error({ err: error }, 'OAuth sign-in failed');
      renderPage(ctx, 502, {
        title: '暂时无法登录',
        lines: ['企业微信暂时没有确认你的身份，请稍后重试。'],
        action: restartLink(returnTo),
        adminHint: '若持续出现，请管理员检查服务器能否访问企业微信接口（应用的企业可信IP、Secret）。',
      });
      return;
    }
    if (outcome.kind === 'outsider') {
      renderPage(ctx, 403, {
        title: '你不是本企业的成员',
        lines: ['导购助手只对本企业的员工开放。请用企业微信里的员工账号打开。'],
        adminHint: '管理员：请在企业微信管理后台的通讯录中添加该员工，并把他加入本应用的可见范围。',
      });
      return;
    }
    if (outcome.kind === 'no_access') {
      renderPage(ctx, 403, {
        title: '你还没有使用导购助手的权限',
        lines: [`你的账号（${outcome.userid}）不是导购、门店负责人或总部运营。`],
        adminHint:
          '管理员：导购请在「客户联系 → 权限配置」中开启客户联系功能，并完成一次导入；店长请在通讯录中设为门店（部门）负责人，或写入 STORE_MANAGER_USERIDS；总部运营请写入 HQ_USERIDS。',
      });
      return;
    }
    clearOauthState(ctx, options.cookies);
    writeSession(ctx, options.cookies, {
      userid: outcome.userid,
      ...(outcome.name ? { name: outcome.name.slice(0, 64) } : {}),
    });
    ctx.set('Cache-Control', 'no-store');
    // A redirect without a fragment keeps the one of the URL before it, here the authorize URL's
    // `#wechat_redirect`, which a hash-routed page would take for a route: an empty fragment ends it.
    ctx.redirect(returnTo.includes('#') ? returnTo : `${returnTo}#`);
  });

  router.post('/logout', (ctx) => {
    clearSession(ctx, options.cookies);
    ctx.status = 204;
  });

  return router;
}
