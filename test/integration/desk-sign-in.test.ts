// Issue #11, the managers' desk at /desk/: served from the sidebar's build, and signed in with WeCom: OAuth
// inside the WeCom client, WeCom's web login (a QR code, doc 98152) in a desktop browser. The simulator stands
// in for both; its web login page is where a member "scans".
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import type { MeResponse } from '../../bot/http/contract/session';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { SESSION_COOKIE, cookieHeader } from '../helpers/sign-in';

const dist = mkdtempSync(path.join(os.tmpdir(), 'scrm-desk-dist-'));
const DESK_HTML =
  '<!doctype html><title>门店管理台</title><script type="module" src="/sidebar/assets/desk-x.js"></script>';
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
const WECOM_CLIENT = `${CHROME} wxwork/4.1.38 MicroMessenger/7.0.1 Language/zh ColorScheme/Light`;

let ctx: TestContext;
const bot = () => request(ctx.app.callback());
const pairs = (res: request.Response) =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]!);

beforeAll(async () => {
  mkdirSync(path.join(dist, 'desk'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><script type="module" src="/x.js"></script>');
  writeFileSync(path.join(dist, 'desk', 'index.html'), DESK_HTML);
  ctx = await startTestContext({ worker: false, isolatedDatabase: true, env: { SIDEBAR_DIST_DIR: dist } });
  await runInitialSync(domainDeps(ctx));
});
afterAll(async () => {
  await ctx.close();
  rmSync(dist, { recursive: true, force: true });
});

/** /auth/wecom/start for the desk, as a browser with `userAgent` asks for it. */
async function start(userAgent: string, returnTo = '/desk/#/week') {
  const res = await bot()
    .get(`/auth/wecom/start?returnTo=${encodeURIComponent(returnTo)}`)
    .set('user-agent', userAgent)
    .redirects(0);
  expect(res.status).toBe(302);
  return { location: new URL(res.headers.location as string), stateCookie: cookieHeader(pairs(res)) };
}

/** The browser at the simulator's web login page: the page, and the link a member's scan follows. */
async function loginPage(location: URL, userid: string) {
  const page = await fetch(location, { redirect: 'manual' });
  const html = await page.text();
  const link = new RegExp(`href="(/wwlogin/sso/confirm\\?login=\\w+&amp;userid=${userid})"`).exec(html);
  return { status: page.status, html, confirm: link && `${ctx.sim.url}${link[1]!.replace('&amp;', '&')}` };
}

describe('the managers’ desk at /desk/ and its sign-in', () => {
  it('sends a visitor without a session to sign in, keeping the hash route, and serves the page once signed in', async () => {
    const res = await bot().get('/desk/').redirects(0);
    expect(res.status).toBe(200);
    expect(res.text).toContain("location.replace('/auth/wecom/start?returnTo='");
    expect(res.text).not.toContain('desk-x.js');
    expect((await bot().get('/desk').redirects(0)).headers.location).toBe('/desk/');
  });

  it('signs a store manager in through WeCom’s web login in a desktop browser: QR page, scan, back to the desk', async () => {
    const { location, stateCookie } = await start(CHROME);
    expect(`${location.origin}${location.pathname}`).toBe(`${ctx.sim.url}/wwlogin/sso/login`);
    expect(location.hash).toBe('');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      login_type: 'CorpApp',
      appid: ctx.config.wecom.corpId,
      agentid: String(ctx.config.wecom.agentId),
      redirect_uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/auth\/wecom\/callback$/),
      state: expect.stringMatching(/^[a-zA-Z0-9]{32}$/),
    });
    const { status, html, confirm } = await loginPage(location, 'lisi');
    expect(status).toBe(200);
    expect(html).toContain('请使用企业微信扫描二维码登录');
    expect(confirm).not.toBeNull();

    const scanned = await fetch(confirm!, { redirect: 'manual' });
    expect(scanned.status).toBe(302);
    const callback = new URL(scanned.headers.get('location')!);
    expect(callback.searchParams.get('state')).toBe(location.searchParams.get('state'));
    const landed = await bot()
      .get(`${callback.pathname}${callback.search}`)
      .set('cookie', stateCookie)
      .redirects(0);
    expect(landed.status).toBe(302);
    expect(landed.headers.location).toBe('/desk/#/week');
    const session = cookieHeader(pairs(landed).filter((c) => c.startsWith(SESSION_COOKIE)));
    const me = await bot().get('/api/v1/me').set('cookie', session);
    expect(me.body as MeResponse).toMatchObject({ role: 'store_manager', userid: 'lisi' });
    const page = await bot().get('/desk/').set('cookie', session);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).toBe(DESK_HTML);

    // A scan is used once: the same QR page cannot sign anyone in again.
    const again = await fetch(confirm!, { redirect: 'manual' });
    expect(again.status).toBe(400);
    // …and the code it gave cannot either (WeCom's 40029).
    const reused = await bot().get(`${callback.pathname}${callback.search}`).set('cookie', stateCookie);
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('登录凭证已过期');
  });

  it('uses OAuth for the desk inside the WeCom client, and for the sidebar always', async () => {
    const inClient = await start(WECOM_CLIENT);
    expect(inClient.location.pathname).toBe('/connect/oauth2/authorize');
    expect(inClient.location.hash).toBe('#wechat_redirect');
    expect((await start(CHROME, '/sidebar/')).location.pathname).toBe('/connect/oauth2/authorize');
    // A page may also say which it wants.
    const res = await bot().get('/auth/wecom/start?returnTo=%2Fsidebar%2F&via=qr').redirects(0);
    expect(new URL(res.headers.location as string).pathname).toBe('/wwlogin/sso/login');
  });

  it('has the stand-in refuse what WeCom refuses: another login_type, appid or agentid, a foreign redirect', async () => {
    const { location } = await start(CHROME);
    const bad = async (name: string, value: string) => {
      const url = new URL(location);
      url.searchParams.set(name, value);
      return fetch(url, { redirect: 'manual' });
    };
    for (const [name, value] of [
      ['login_type', 'ServiceApp'],
      ['appid', 'wwother'],
      ['agentid', '1'],
      ['state', 'not/alnum'],
    ]) {
      const res = await bad(name!, value!);
      expect([name, res.status]).toEqual([name, 400]);
    }
    const foreign = await bad('redirect_uri', 'https://evil.example/auth/wecom/callback');
    expect(await foreign.text()).toContain('可信域名');
    expect(foreign.headers.get('location')).toBeNull();
  });
});
