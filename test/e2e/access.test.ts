// Who may see what, and sign-in that fails, in headless Chromium through the WeCom client stand-in: a guide
// cannot open another guide's customer, a store manager can open their store's, and a session the bot did not
// issue (or issued too long ago) sends the page back through WeCom's OAuth.
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_CUSTOMERS } from '../wecom-sim/demo/demo-customers';
import { SESSION_COOKIE } from '../helpers/sign-in';
import { snapBothWidths } from './support/browser';
import { type E2eContext, openSidebar, seen, startE2eContext } from './support/e2e-context';
import { currentSession, keygripSign, sessionValue, setSessionCookies } from './support/session-cookie';

jest.setTimeout(60_000);

/** 刘芳 follows zhangsan only (store 长沙五一广场店, whose leader is lisi); wangwu works at another store. */
const LIUFANG = DEMO_CUSTOMERS.find((c) => c.name === '刘芳')!;
const LIUFANG_REMARK = LIUFANG.follows[0]!.remark;
const customerHash = (externalUserid: string) => `#/customer/${encodeURIComponent(externalUserid)}`;

// One bot and one browser for the file: each test opens its own browser profile (cookies, cache).
let e2e: E2eContext;
beforeAll(async () => (e2e = await startE2eContext()), 180_000);
afterAll(() => e2e?.close());

describe('who may open which customer', () => {
  /** A browser signed in as `userid` through OAuth (the workbench entry: the guide's day). */
  async function signedInClient(userid: string): Promise<BrowserContext> {
    const client = await e2e.newClient();
    const { page } = await openSidebar(e2e, client, { userid });
    await seen(page.getByText('待跟进客户'));
    expect(await currentSession(client, e2e.ctx.url)).toBeTruthy();
    await page.close();
    return client;
  }

  /** Opens a link to the customer's page and resolves with the page and the customer-view API's status. */
  async function openCustomerLink(client: BrowserContext, userid: string, externalUserid: string) {
    const viewStatus = new Promise<number>((resolve) => {
      client.on('response', (res) => {
        if (new URL(res.url()).pathname === '/api/v1/customer-view') resolve(res.status());
      });
    });
    const opened = await openSidebar(e2e, client, { userid, hash: customerHash(externalUserid) });
    return { ...opened, viewStatus };
  }

  it('shows a second guide a Chinese not-found page for the first guide’s customer, and the API answers 404', async () => {
    const client = await signedInClient('wangwu');
    const { page, viewStatus } = await openCustomerLink(client, 'wangwu', LIUFANG.externalUserid);
    await seen(page.getByText('没有找到这位客户'));
    expect(await viewStatus).toBe(404);
    // Nothing of the customer leaks into the page: not their name, not the remark their guide gave them.
    const text = (await page.locator('body').innerText()) ?? '';
    expect(text).not.toContain(LIUFANG.name);
    expect(text).not.toContain(LIUFANG_REMARK);
    await snapBothWidths(page, 'not-found');

    // The API itself, called from the page with the guide's own session: the same 404 as a customer that
    // does not exist.
    const answers = await apiFromPage(page, [
      `/api/v1/customer-view?externalUserid=${encodeURIComponent(LIUFANG.externalUserid)}`,
      '/api/v1/customer-view?externalUserid=wm_nobody_at_all',
    ]);
    const refusal = (id: string) => ({
      status: 404,
      body: { error: { code: 'relation_not_found', message: `no customer ${id} in your scope` } },
    });
    expect(answers).toEqual([refusal(LIUFANG.externalUserid), refusal('wm_nobody_at_all')]);
  });

  it('lets the store manager open a customer of a guide in their store', async () => {
    const client = await signedInClient('lisi');
    const { page, viewStatus } = await openCustomerLink(client, 'lisi', LIUFANG.externalUserid);
    await seen(page.getByRole('heading', { level: 1 }).filter({ hasText: LIUFANG_REMARK }));
    expect(await viewStatus).toBe(200);
    // The manager sees whose customer this is.
    await seen(page.getByText('导购 张三'));
    await snapBothWidths(page, 'customer-view-store-manager');
  });

  it('brings a link to a customer through the sign-in round trip to that customer', async () => {
    // A fresh browser (no session), as when a guide taps a customer in the reminder digest.
    const client = await e2e.newClient();
    const { page } = await openCustomerLink(client, 'lisi', LIUFANG.externalUserid);
    await seen(page.getByRole('heading', { level: 1 }).filter({ hasText: LIUFANG_REMARK }));
    expect(new URL(page.url()).hash).toBe(customerHash(LIUFANG.externalUserid));
  });
});

describe('sessions the bot did not issue, or issued too long ago', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (value: string) =>
    keygripSign(e2e.ctx.config.sidebar.sessionSecret, `${SESSION_COOKIE}=${value}`);

  /** Signs in as zhangsan, then swaps the session cookie for `forged`; returns the open page. */
  async function withSession(forged: (issued: string) => { value: string; sig: string }) {
    const client = await e2e.newClient();
    const opened = await openSidebar(e2e, client, { userid: 'zhangsan' });
    await seen(opened.page.getByText('待跟进客户'));
    // The Moments card reads its suggestion after the day: the page is settled once it has (a read still in
    // flight when the cookie is forged would meet the 401 on its own and start the sign-in under the test).
    await seen(opened.page.getByRole('list', { name: '本周进度' }));
    const issued = (await currentSession(client, e2e.ctx.url))!;
    await setSessionCookies(client, e2e.ctx.url, forged(issued));
    return { client, ...opened };
  }

  /**
   * The bad cookie gets a 401 from the API, and the page goes back through WeCom's OAuth and comes back signed
   * in: `via` 'page' when the running page meets the 401 (it opens a customer), 'reload' when the bot meets the
   * cookie serving the page.
   */
  async function expectSignInAgain(
    client: BrowserContext,
    page: Page,
    badValue: string,
    code: string,
    via: 'page' | 'reload',
  ) {
    const [me] = await apiFromPage(page, ['/api/v1/me']);
    expect(me).toMatchObject({ status: 401, body: { error: { code } } });
    const oauthCalls = e2e.ctx.sim.callsTo('auth/getuserinfo').length;
    const authorized = page.waitForRequest((r) => new URL(r.url()).pathname === '/connect/oauth2/authorize');
    if (via === 'page') {
      await page.evaluate(`location.hash = ${JSON.stringify(customerHash(LIUFANG.externalUserid))}`);
      await authorized;
      // Back where the guide was going: the customer they tapped.
      await seen(page.getByRole('heading', { level: 1 }).filter({ hasText: LIUFANG_REMARK }));
    } else {
      await page.reload();
      await authorized;
      await seen(page.getByText('待跟进客户'));
    }
    expect(e2e.ctx.sim.callsTo('auth/getuserinfo').length).toBe(oauthCalls + 1);
    const fresh = await currentSession(client, e2e.ctx.url);
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(badValue);
  }

  it('accepts a session cookie signed with its key (the check that the forgeries below are well made)', async () => {
    const value = sessionValue({ userid: 'zhangsan', iat: now() - 60, exp: now() + 3600 });
    const { page } = await withSession(() => ({ value, sig: sign(value) }));
    const [me] = await apiFromPage(page, ['/api/v1/me']);
    expect(me).toMatchObject({ status: 200, body: { userid: 'zhangsan', role: 'guide' } });
  });

  it('refuses a tampered session (another userid under the old signature): 401, and the page signs in again', async () => {
    let value = '';
    const { client, page } = await withSession((issued) => {
      const session = JSON.parse(Buffer.from(issued, 'base64url').toString('utf8')) as {
        iat: number;
        exp: number;
      };
      value = sessionValue({ ...session, userid: 'lisi' });
      // The signature of the cookie the bot issued, kept: it does not match the new value.
      return { value, sig: sign(issued) };
    });
    await expectSignInAgain(client, page, value, 'session_invalid', 'page');
  });

  it('refuses an expired session it signed itself: 401, and the page signs in again', async () => {
    const value = sessionValue({ userid: 'zhangsan', iat: now() - 13 * 3600, exp: now() - 3600 });
    const { client, page } = await withSession(() => ({ value, sig: sign(value) }));
    await expectSignInAgain(client, page, value, 'session_expired', 'reload');
  });

  it('shows someone without access to the sidebar a Chinese page saying why and what the admin must do', async () => {
    // A member of the corp without 客户联系, not a store leader and not HQ.
    e2e.ctx.sim.state.members.set('zhouba', {
      userid: 'zhouba',
      name: '周八',
      department: [1],
      mainDepartment: 1,
      position: '财务',
      hasCustomerContact: false,
    });
    const client = await e2e.newClient();
    const page = await client.newPage();
    // The sign-in's own answer (the page hops to it from the browser, so it is not goto's response).
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/wecom/callback');
    await page.goto(
      e2e.ctx.sim.clientOpenUrl({ userid: 'zhouba', entry: 'normal', target: `${e2e.sidebarUrl}` }),
    );
    expect((await answer).status()).toBe(403);
    await seen(page.getByText('你还没有使用导购助手的权限'));
    expect(await page.locator('body').innerText()).toContain('管理员');
    expect(await currentSession(client, e2e.ctx.url)).toBeUndefined();
    await snapBothWidths(page, 'oauth-error-no-access');
  });

  it('shows a Chinese page offering a fresh start when the OAuth code was already used', async () => {
    const client = await e2e.newClient();
    // The round trip's first two hops through the browser's own cookie jar (the state cookie lands there), the
    // code spent before the browser brings it back, as when the webview repeats the callback: WeCom says 40029.
    const start = await client.request.get(`${e2e.ctx.url}/auth/wecom/start?returnTo=%2Fsidebar%2F`, {
      maxRedirects: 0,
    });
    expect(start.status()).toBe(302);
    const authorize = new URL(start.headers().location ?? '');
    authorize.searchParams.set('sim_userid', 'zhangsan');
    const issued = await client.request.get(authorize.toString(), { maxRedirects: 0 });
    const callback = issued.headers().location ?? '';
    expect(new URL(callback).pathname).toBe('/auth/wecom/callback');
    expect(await spendCode(new URL(callback).searchParams.get('code') ?? '')).toMatchObject({
      errcode: 0,
      userid: 'zhangsan',
    });

    const page = await client.newPage();
    const answer = await page.goto(callback);
    expect(answer?.status()).toBe(400);
    await seen(page.getByText('登录凭证已过期'));
    expect(await currentSession(client, e2e.ctx.url)).toBeUndefined();
    await snapBothWidths(page, 'oauth-error-code-used');
    // Its button starts over, and this time the sign-in goes through (to the page; this browser never opened
    // it through the client stand-in, so what the page shows next is not the point here).
    await page.getByRole('link', { name: '重新进入' }).click();
    await page.waitForURL((url) => url.pathname === '/sidebar/');
    expect(await currentSession(client, e2e.ctx.url)).toBeTruthy();
  });

  async function spendCode(code: string): Promise<unknown> {
    const { corpId, corpSecret } = e2e.ctx.sim.state.corp;
    const base = `${e2e.ctx.sim.url}/cgi-bin`;
    const token = (await (
      await fetch(`${base}/gettoken?corpid=${corpId}&corpsecret=${corpSecret}`)
    ).json()) as {
      access_token: string;
    };
    const res = await fetch(`${base}/auth/getuserinfo?access_token=${token.access_token}&code=${code}`);
    return res.json();
  }
});

/** GETs from inside the page (its cookies, its origin), each answer's status and JSON body. */
async function apiFromPage(page: Page, paths: string[]): Promise<{ status: number; body: unknown }[]> {
  return page.evaluate(
    `Promise.all(${JSON.stringify(paths)}.map((p) =>
      fetch(p, { credentials: 'same-origin' }).then(async (r) => ({ status: r.status, body: await r.json() }))))`,
  );
}
