import { createHmac } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../bot/app';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { appDepsOf } from '../../bot/services';
import type { MeResponse } from '../../bot/http/contract/session';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { TEST_STAFF_TOKEN } from '../helpers/integration-client';
import { SESSION_COOKIE, cookieHeader, signIn } from '../helpers/sign-in';

const SESSION_SECRET = 'sidebar-auth-test-secret-0123456789abcdef';
let ctx: TestContext;

/** Someone in WeCom's directory who is not a guide (no 客户联系). */
function addMember(userid: string, name: string, department: number): void {
  ctx.sim.state.members.set(userid, {
    userid,
    name,
    department: [department],
    mainDepartment: department,
    position: '',
    hasCustomerContact: false,
  });
}

/** A session cookie signed as Koa signs it (Keygrip: HMAC-SHA1 over `name=value`, base64url). */
function signedCookie(payload: unknown, secret = SESSION_SECRET): string {
  const value = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = createHmac('sha1', secret).update(`${SESSION_COOKIE}=${value}`).digest('base64url');
  return `${SESSION_COOKIE}=${value}; ${SESSION_COOKIE}.sig=${sig}`;
}

const bot = () => request(ctx.app.callback());
const me = (cookie: string) => bot().get('/api/v1/me').set('cookie', cookie);
const setCookies = (res: request.Response): string[] =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c);
const pairs = (res: request.Response) => setCookies(res).map((c) => c.split(';')[0] ?? '');

beforeAll(async () => {
  ctx = await startTestContext({
    worker: false,
    isolatedDatabase: true,
    env: {
      SESSION_SECRET,
      HQ_USERIDS: 'hq_ops',
      STORE_MANAGER_USERIDS: 'mx_manager:3',
    },
  });
  addMember('hq_ops', '总部运营', 1);
  addMember('mx_manager', '梅溪湖店长', 3);
  addMember('clerk', '收银员', 2);
  await runInitialSync(domainDeps(ctx));
});

afterAll(() => ctx.close());

describe('WeCom OAuth sign-in', () => {
  it('redirects to the authorize URL with WeCom’s parameters in order, and keeps the state in a cookie', async () => {
    const res = await bot()
      .get('/auth/wecom/start?returnTo=%2Fsidebar%2F%3Fx%3D1')
      .set('host', 'scrm.test:8443')
      .set('x-forwarded-proto', 'https')
      .redirects(0);
    // Behind a proxy (Koa's proxy: true): the origin the browser used, since WeCom checks the trusted domain.
    const origin = 'https://scrm.test:8443';
    expect(res.status).toBe(302);
    const location = String(res.headers.location);
    const redirect = encodeURIComponent(`${origin}/auth/wecom/callback`);
    expect(location).toMatch(
      new RegExp(
        `^${ctx.sim.url}/connect/oauth2/authorize\\?appid=${ctx.config.wecom.corpId}&redirect_uri=` +
          `${redirect.replace(/[.%]/g, '\\$&')}&response_type=code&scope=snsapi_base&state=[a-zA-Z0-9]{32}` +
          `&agentid=${ctx.config.wecom.agentId}#wechat_redirect$`,
      ),
    );
    const state = setCookies(res).find((c) => c.startsWith('scrm_oauth='));
    expect(state).toMatch(/httponly/i);
    expect(state).toMatch(/samesite=lax/i);
  });

  it.each([
    '//evil.example/x',
    'https://evil.example/',
    '/\\evil.example',
    'javascript:alert(1)',
    '/sidebar/\n',
  ])('refuses to send the member back anywhere but our own pages (%j)', async (returnTo) => {
    const res = await bot()
      .get(`/auth/wecom/start?returnTo=${encodeURIComponent(returnTo)}`)
      .redirects(0);
    expect(res.status).toBe(400);
    expect(res.text).toContain('链接无效');
    expect(setCookies(res)).toEqual([]);
  });

  it('signs a guide in through the simulator and answers /me from the session', async () => {
    const cookie = await signIn(ctx.url, ctx.sim, 'zhangsan');
    const res = await me(cookie);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      role: 'guide',
      userid: 'zhangsan',
      name: '张三',
      store: { id: expect.any(String), name: '长沙五一广场店' },
      wecom: { corpId: ctx.config.wecom.corpId, agentId: ctx.config.wecom.agentId },
    } satisfies MeResponse);
  });

  it('resolves a department leader, a configured manager and HQ, each with their scope', async () => {
    const leaderStore = await ctx.services.db.store.findUniqueOrThrow({ where: { wecomDeptId: 2 } });
    expect(leaderStore.leaderUserids).toEqual(['lisi']);
    const leader = (await me(await signIn(ctx.app, ctx.sim, 'lisi'))).body as MeResponse;
    expect(leader).toMatchObject({ role: 'store_manager', userid: 'lisi', name: '李四' });
    expect(leader.store).toEqual({ id: leaderStore.id, name: '长沙五一广场店' });
    const manager = (await me(await signIn(ctx.app, ctx.sim, 'mx_manager'))).body as MeResponse;
    // Not a guide: the name comes from user/get at sign-in.
    expect(manager).toMatchObject({
      role: 'store_manager',
      name: '梅溪湖店长',
      store: { name: '长沙梅溪湖店' },
    });
    const hq = (await me(await signIn(ctx.app, ctx.sim, 'hq_ops'))).body as MeResponse;
    expect(hq).toMatchObject({ role: 'hq', userid: 'hq_ops', name: '总部运营', store: null });
  });

  it('lands on returnTo, query included, and the state is spent', async () => {
    const start = await bot().get('/auth/wecom/start?returnTo=%2Fsidebar%2F%3Fwwsim%3Dabc').redirects(0);
    const authorize = new URL(String(start.headers.location));
    authorize.searchParams.set('sim_userid', 'wangwu');
    const issued = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(issued.headers.get('location') ?? '');
    const landed = await bot()
      .get(callback.pathname + callback.search)
      .set('cookie', cookieHeader(pairs(start)))
      .redirects(0);
    expect(landed.status).toBe(302);
    expect(landed.headers.location).toBe('/sidebar/?wwsim=abc#');
    expect(pairs(landed)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^scrm_oauth=$/),
        expect.stringMatching(/^scrm_session=./),
      ]),
    );
    const session = setCookies(landed).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(session).toMatch(/httponly/i);
    expect(session).toMatch(/samesite=lax/i);
  });

  async function startAndIssue(userid: string) {
    const start = await bot().get('/auth/wecom/start').redirects(0);
    const state = new URL(String(start.headers.location)).searchParams.get('state') ?? '';
    const code = ctx.sim.issueOauthCode(userid);
    return { stateCookie: cookieHeader(pairs(start)), state, code };
  }

  it('refuses a callback whose state this browser did not start', async () => {
    const { stateCookie, code } = await startAndIssue('zhangsan');
    const wrong = await bot()
      .get(`/auth/wecom/callback?code=${code}&state=someoneelse`)
      .set('cookie', stateCookie)
      .redirects(0);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('登录已失效');
    const noCookie = await bot().get(`/auth/wecom/callback?code=${code}&state=x`).redirects(0);
    expect(noCookie.status).toBe(400);
    for (const res of [wrong, noCookie])
      expect(pairs(res).some((p) => p.startsWith('scrm_session'))).toBe(false);
    // The code was never spent on a bad state.
    expect(ctx.sim.state.oauthCodes.get(code)?.usedAt).toBeNull();
  });

  it('explains a reused code (40029) and offers to start again', async () => {
    const { stateCookie, state, code } = await startAndIssue('zhangsan');
    const url = `/auth/wecom/callback?code=${code}&state=${state}`;
    const first = await bot().get(url).set('cookie', stateCookie).redirects(0);
    expect(first.status).toBe(302);
    const again = await bot().get(url).set('cookie', stateCookie).redirects(0);
    expect(again.status).toBe(400);
    expect(again.text).toContain('登录凭证已过期');
    expect(again.text).toContain('重新进入');
    expect(again.text).toContain('href="/auth/wecom/start?returnTo=%2Fsidebar%2F"');
    expect(again.text).not.toMatch(/at .*\.ts:\d+/);
    expect(pairs(again).some((p) => p.startsWith('scrm_session'))).toBe(false);
  });

  it('explains a stale code (older than 5 minutes) the same way', async () => {
    const { stateCookie, state, code } = await startAndIssue('zhangsan');
    const realNow = Date.now;
    ctx.sim.setNow(() => realNow() + 5 * 60_000 + 1000);
    try {
      const res = await bot()
        .get(`/auth/wecom/callback?code=${code}&state=${state}`)
        .set('cookie', stateCookie)
        .redirects(0);
      expect(res.status).toBe(400);
      expect(res.text).toContain('登录凭证已过期');
    } finally {
      ctx.sim.setNow(realNow);
    }
  });

  it('tells someone outside the corp, and a member with no role, what the admin must do', async () => {
    const outsider = await startAndIssue('zhangsan');
    const customer = ctx.sim.state.relations[0]?.externalUserid ?? '';
    const outsiderCode = ctx.sim.issueOutsiderOauthCode({ externalUserid: customer });
    const res = await bot()
      .get(`/auth/wecom/callback?code=${outsiderCode}&state=${outsider.state}`)
      .set('cookie', outsider.stateCookie)
      .redirects(0);
    expect(res.status).toBe(403);
    expect(res.text).toContain('你不是本企业的成员');
    expect(res.text).toContain('管理员');

    const clerk = await startAndIssue('clerk');
    const denied = await bot()
      .get(`/auth/wecom/callback?code=${clerk.code}&state=${clerk.state}`)
      .set('cookie', clerk.stateCookie)
      .redirects(0);
    expect(denied.status).toBe(403);
    expect(denied.text).toContain('clerk');
    expect(denied.text).toContain('客户联系');
    for (const r of [res, denied]) expect(pairs(r).some((p) => p.startsWith('scrm_session'))).toBe(false);
  });

  it('picks the member from the simulated client that opened the page, and enforces the trusted domain', async () => {
    const customer = ctx.sim.state.relations.find((r) => r.userid === 'wangwu')?.externalUserid ?? '';
    const open = await fetch(
      ctx.sim.clientOpenUrl({
        userid: 'wangwu',
        entry: 'single_chat_tools',
        externalUserid: customer,
        target: `${ctx.url}/sidebar/`,
      }),
      { redirect: 'manual' },
    );
    const page = new URL(open.headers.get('location') ?? '');
    expect(page.searchParams.get('wwsim')).toMatch(/^ws/);
    const clientCookie = (open.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    // The page without a session hops (from the browser, keeping its hash) to the sign-in, and on to OAuth…
    const hop = await fetch(page, { redirect: 'manual' });
    expect(await hop.text()).toContain('/auth/wecom/start?returnTo=');
    const gate = await fetch(
      new URL(`/auth/wecom/start?returnTo=${encodeURIComponent(page.pathname + page.search)}`, page),
      { redirect: 'manual' },
    );
    expect(gate.status).toBe(302);
    const stateCookie = cookieHeader(gate.headers.getSetCookie().map((c) => c.split(';')[0] ?? ''));
    // …where WeCom knows who is logged in to the client (its cookie), with no sim_userid.
    const authorize = gate.headers.get('location') ?? '';
    const issued = await fetch(authorize, { redirect: 'manual', headers: { cookie: clientCookie } });
    const landed = await fetch(issued.headers.get('location') ?? '', {
      redirect: 'manual',
      headers: { cookie: stateCookie },
    });
    expect(landed.headers.get('location')).toBe(`${page.pathname}${page.search}#`);
    const session = cookieHeader(landed.headers.getSetCookie().map((c) => c.split(';')[0] ?? ''));
    expect((await me(session)).body).toMatchObject({ role: 'guide', userid: 'wangwu' });

    ctx.sim.setTrustedDomain('scrm.example.com');
    try {
      const refused = await fetch(authorize, { redirect: 'manual', headers: { cookie: clientCookie } });
      expect(refused.status).toBe(200);
      expect(await refused.text()).toContain('50001');
    } finally {
      ctx.sim.setTrustedDomain('127.0.0.1');
    }
  });
});

describe('cookies and redirects behind PUBLIC_URL, and signing out', () => {
  it('builds redirect_uri from PUBLIC_URL and marks the cookies Secure when it is https', async () => {
    const config = { ...ctx.config, http: { ...ctx.config.http, publicUrl: 'https://scrm.example.com' } };
    const app = createApp({ ...appDepsOf(ctx.services), config });
    // TLS ends at a proxy that says nothing of it: PUBLIC_URL still decides.
    const res = await request(app.callback()).get('/auth/wecom/start').redirects(0);
    expect(String(res.headers.location)).toContain(
      `redirect_uri=${encodeURIComponent('https://scrm.example.com/auth/wecom/callback')}&`,
    );
    const state = setCookies(res).filter((c) => c.startsWith('scrm_oauth'));
    expect(state).toHaveLength(2);
    for (const cookie of state) expect(cookie).toMatch(/;\s*secure/i);
    // Without it (development over http), not Secure: the browser would drop the cookie.
    const plain = await bot().get('/auth/wecom/start').redirects(0);
    for (const cookie of setCookies(plain)) expect(cookie).not.toMatch(/;\s*secure/i);
  });

  it('signs out by clearing the session cookie', async () => {
    const cookie = await signIn(ctx.app, ctx.sim, 'zhangsan');
    const res = await bot().post('/auth/logout').set('cookie', cookie);
    expect(res.status).toBe(204);
    const cleared = setCookies(res).find((c) => c.startsWith(`${SESSION_COOKIE}=;`));
    expect(cleared).toMatch(/expires=Thu, 01 Jan 1970/i);
  });
});

describe('the staff API with a session or the token', () => {
  it('refuses no cookie, a forged one, a tampered one and an expired one with 401', async () => {
    expect((await bot().get('/api/v1/me')).body.error.code).toBe('session_required');
    const forged = signedCookie(
      { userid: 'hq_ops', iat: 0, exp: 4e9 },
      'not-the-secret-0123456789abcdef0123',
    );
    expect((await me(forged)).status).toBe(401);
    expect((await me(forged)).body.error.code).toBe('session_invalid');

    const real = await signIn(ctx.app, ctx.sim, 'zhangsan');
    const sig = /scrm_session\.sig=([^;]+)/.exec(real)?.[1] ?? '';
    const tamperedValue = Buffer.from(JSON.stringify({ userid: 'hq_ops', iat: 0, exp: 4e9 })).toString(
      'base64url',
    );
    const tampered = await me(`${SESSION_COOKIE}=${tamperedValue}; ${SESSION_COOKIE}.sig=${sig}`);
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe('session_invalid');

    const now = Math.floor(Date.now() / 1000);
    const expired = await me(signedCookie({ userid: 'zhangsan', iat: now - 100, exp: now - 1 }));
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('session_expired');
    // The same signing, not expired, is accepted: the 401s above are the checks, not a signing mistake here.
    expect((await me(signedCookie({ userid: 'zhangsan', iat: now, exp: now + 60 }))).status).toBe(200);
  });

  it('still accepts the staff bearer token as HQ', async () => {
    const res = await bot().get('/api/v1/me').set('authorization', `Bearer ${TEST_STAFF_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'hq', userid: null, store: null });
    const tags = await bot().get('/api/v1/tags').set('authorization', `Bearer ${TEST_STAFF_TOKEN}`);
    expect(tags.status).toBe(200);
    const wrong = await bot().get('/api/v1/me').set('authorization', 'Bearer nope');
    expect(wrong.body.error.code).toBe('bad_token');
  });

  it('reads the role from the database on every request: a deactivated guide is out at once', async () => {
    const cookie = await signIn(ctx.app, ctx.sim, 'zhaoliu');
    expect((await me(cookie)).status).toBe(200);
    await ctx.services.db.guide.update({ where: { userid: 'zhaoliu' }, data: { isActive: false } });
    try {
      const res = await me(cookie);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('no_access');
    } finally {
      await ctx.services.db.guide.update({ where: { userid: 'zhaoliu' }, data: { isActive: true } });
    }
  });

  it('refuses a cookie-authenticated change from another origin, and a body that is not JSON', async () => {
    const cookie = await signIn(ctx.app, ctx.sim, 'zhangsan');
    const path = '/api/v1/interactions/sidebar-messages';
    const foreign = await bot().post(path).set('cookie', cookie).set('origin', 'http://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('cross_origin_request');
    const form = await bot()
      .post(path)
      .set('cookie', cookie)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('externalUserid=x');
    expect(form.status).toBe(415);
    // Our own origin gets through authentication (and then fails only on the empty body).
    const own = await bot()
      .post(path)
      .set('host', 'scrm.test')
      .set('cookie', cookie)
      .set('origin', 'http://scrm.test');
    expect(own.status).toBe(400);
  });
});
