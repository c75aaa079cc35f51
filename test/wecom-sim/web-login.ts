import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { checkStateAndRedirect, escapeHtml, redirectWithCode, signInRequest } from './sign-in-pages';
import type { WecomSimulator } from './simulator-types';

/** A login page's scan is good for as long as WeCom's QR code: a few minutes (the exact TTL is UNCONFIRMED). */
const PENDING_TTL_MS = 5 * 60_000;
type PendingScan = { redirect: URL; state: string; at: number };
/** The QR pages shown and not yet scanned, each simulator its own (tests run several in one process). */
const pendingBySim = new WeakMap<WecomSimulator, Map<string, PendingScan>>();

/**
 * Stand-in for WeCom's web login (`https://login.work.weixin.qq.com/wwlogin/sso/login`, doc 98152): the page a
 * desktop browser shows with a QR code to scan with WeCom on the phone. It checks what WeCom checks
 * (`login_type=CorpApp`, the CorpID as appid, the app's agentid, redirect_uri on the trusted domain, state
 * `[a-zA-Z0-9]` ≤128 bytes) and, where WeCom waits for the phone, lists the directory's members: choosing one is
 * that member scanning and confirming, after which the browser goes to `redirect_uri?code=CODE&state=STATE`
 * with a code for auth/getuserinfo, as after OAuth. `sim_userid` skips the page (scripts and tests).
 */
export function handleWebLogin(ctx: Context, sim: WecomSimulator): void {
  const { param, fail } = signInRequest(ctx, 'web login');
  let pending = pendingBySim.get(sim);
  if (!pending) pendingBySim.set(sim, (pending = new Map()));
  if (ctx.path === '/wwlogin/sso/confirm') {
    const login = pending.get(param('login'));
    const userid = param('userid');
    if (!login || sim.now() - login.at > PENDING_TTL_MS)
      return fail('this QR code has expired; reload the page');
    if (!sim.state.members.has(userid)) return fail(`no member ${userid}`);
    pending.delete(param('login'));
    return redirectWithCode(ctx, sim, login.redirect, login.state, userid);
  }
  if (param('login_type') !== 'CorpApp') return fail('login_type must be CorpApp (a self-built app)');
  if (param('appid') !== sim.state.corp.corpId) return fail('appid is not the CorpID');
  if (param('agentid') !== String(sim.state.corp.agentId)) return fail('agentid is not the app’s');
  const checked = checkStateAndRedirect(ctx, sim, param, fail);
  if (!checked) return;
  const { state, redirect } = checked;
  const given = param('sim_userid');
  if (given) {
    if (!sim.state.members.has(given)) return fail(`no member ${given}`);
    return redirectWithCode(ctx, sim, redirect, state, given);
  }
  const now = sim.now();
  for (const [id, login] of pending) if (now - login.at > PENDING_TTL_MS) pending.delete(id);
  const id = randomBytes(12).toString('hex');
  pending.set(id, { redirect, state, at: now });
  ctx.status = 200;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = loginPage(id, [...sim.state.members.values()]);
}

function loginPage(id: string, members: { userid: string; name: string; position: string }[]): string {
  // A QR-like pattern of random cells: something to look at, not a code anyone could scan.
  const bits = randomBytes(32);
  const cells = Array.from({ length: 21 * 21 }, (_, i) => (bits[i % 32]! >> (i % 8)) & 1);
  const rects = cells
    .map((on, i) => (on ? `<rect x="${i % 21}" y="${Math.floor(i / 21)}" width="1" height="1"/>` : ''))
    .join('');
  const people = members
    .map(
      (m) =>
        `<li><a href="/wwlogin/sso/confirm?login=${id}&amp;userid=${encodeURIComponent(m.userid)}">${escapeHtml(m.name)}<small>${escapeHtml(m.position || m.userid)}</small></a></li>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>企业微信登录</title>
<style>body{margin:0;background:#f2f3f5;font:14px/1.5 -apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;color:#1f2329}
main{width:380px;margin:64px auto;background:#fff;border-radius:8px;padding:32px;text-align:center;box-shadow:0 2px 12px rgba(0,0,0,.06)}
h1{font-size:18px;margin:0 0 20px}svg{width:200px;height:200px;border:8px solid #fff;outline:1px solid #e5e6eb}
p{color:#646a73;margin:16px 0}ul{list-style:none;padding:0;margin:12px 0 0;text-align:left;max-height:240px;overflow:auto;border-top:1px solid #eee}
li a{display:flex;justify-content:space-between;padding:8px 4px;color:#1f2329;text-decoration:none;border-bottom:1px solid #f2f3f5}li a:hover{background:#f5f8ff}
small{color:#8f959e}.sim{font-size:12px;color:#c45500}</style></head><body><main>
<h1>企业微信登录</h1><svg viewBox="0 0 21 21" shape-rendering="crispEdges" aria-label="登录二维码">${rects}</svg>
<p>请使用企业微信扫描二维码登录</p>
<p class="sim">模拟器：选择扫码的成员</p><ul>${people}</ul></main></body></html>`;
}
