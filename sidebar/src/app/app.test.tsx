import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { env } from '@/config/env';
import { navigation } from '@/lib/navigation';
import { JS_API_LIST } from '@/lib/wecom';
import { apiError, deferred, fakeServer, json } from '@/testing/fake-server';
import { installFakeWecom } from '@/testing/fake-wecom';
import * as fixtures from '@/testing/fixtures';
import { renderApp, serveSession } from '@/testing/render-app';

const customerServer = () =>
  serveSession(fakeServer())
    .on('GET', '/customer-view', json(fixtures.customerView()))
    .on('GET', '/my-day', json(fixtures.myDay()));

describe('opening the sidebar', () => {
  it('opens the chat’s customer from the one-to-one chat toolbar', async () => {
    const server = customerServer();
    installFakeWecom({ entry: 'single_chat_tools', externalUserid: fixtures.EXTERNAL_USERID });
    renderApp();

    expect(await screen.findByRole('heading', { name: /王小美/ })).toBeInTheDocument();
    const [read] = server.requestsTo('GET', '/customer-view');
    expect(read?.query.get('externalUserid')).toBe(fixtures.EXTERNAL_USERID);
    expect(read?.credentials).toBe('same-origin');
    expect(window.location.hash).toBe(`#/customer/${fixtures.EXTERNAL_USERID}`);
  });

  it('registers with corpId, agentId, the APIs it calls and both signatures, each for the URL the SDK passes', async () => {
    const server = customerServer();
    const wecom = installFakeWecom();
    renderApp('/sidebar/?wwsim=s1#/today');
    await screen.findByRole('heading', { name: /王小美/ });

    expect(wecom.registered).toHaveLength(1);
    expect(wecom.registered[0]).toMatchObject({ corpId: 'ww1234567890abcdef', agentId: 1000002 });
    expect(wecom.registered[0]?.jsApiList).toEqual(JS_API_LIST);
    const pageUrl = `${window.location.origin}/sidebar/?wwsim=s1`;
    expect(server.requestsTo('GET', '/jsapi/config-signature').map((r) => r.query.get('url'))).toEqual([
      pageUrl,
    ]);
    expect(server.requestsTo('GET', '/jsapi/agent-signature').map((r) => r.query.get('url'))).toEqual([
      pageUrl,
    ]);
    // Each callback hands the SDK its own endpoint's answer: the corp ticket's for config, the app's for agentConfig.
    expect(wecom.signatures).toEqual([
      { kind: 'config', url: pageUrl, result: fixtures.signature('c'.repeat(40)) },
      { kind: 'agent', url: pageUrl, result: fixtures.signature('a'.repeat(40)) },
    ]);
  });

  it('registers at once with the signatures the bot wrote into the page, before /me answers', async () => {
    const me = deferred();
    const server = customerServer().on('GET', '/me', () => me.promise);
    const wecom = installFakeWecom({ entry: 'single_chat_tools', externalUserid: fixtures.EXTERNAL_USERID });
    const pageUrl = `${window.location.origin}/sidebar/?wwsim=s2`;
    const [config, agent] = [fixtures.signature('1'.repeat(40)), fixtures.signature('2'.repeat(40))];
    window.__SCRM_BOOT__ = {
      wecom: { corpId: 'ww1234567890abcdef', agentId: 1000002 },
      signatures: { url: pageUrl, config, agent },
    };
    try {
      renderApp('/sidebar/?wwsim=s2');
      await waitFor(() => expect(wecom.registered).toHaveLength(1));
      expect(wecom.registered[0]).toMatchObject({ corpId: 'ww1234567890abcdef', agentId: 1000002 });
      expect(wecom.signatures).toEqual([
        { kind: 'config', url: pageUrl, result: config },
        { kind: 'agent', url: pageUrl, result: agent },
      ]);
      me.release(json(fixtures.me()));
      expect(await screen.findByRole('heading', { name: /王小美/ })).toBeInTheDocument();
      expect(server.requestsTo('GET', '/jsapi/config-signature')).toHaveLength(0);
      expect(server.requestsTo('GET', '/jsapi/agent-signature')).toHaveLength(0);
    } finally {
      delete window.__SCRM_BOOT__;
    }
  });

  it('asks the endpoints when the page’s signatures are for another URL', async () => {
    const server = customerServer();
    installFakeWecom({ entry: 'single_chat_tools', externalUserid: fixtures.EXTERNAL_USERID });
    const stale = fixtures.signature('9'.repeat(40));
    window.__SCRM_BOOT__ = {
      wecom: { corpId: 'ww1234567890abcdef', agentId: 1000002 },
      signatures: { url: `${window.location.origin}/sidebar/?other=1`, config: stale, agent: stale },
    };
    try {
      renderApp('/sidebar/?wwsim=s3');
      await screen.findByRole('heading', { name: /王小美/ });
      const pageUrl = `${window.location.origin}/sidebar/?wwsim=s3`;
      expect(server.requestsTo('GET', '/jsapi/config-signature').map((r) => r.query.get('url'))).toEqual([
        pageUrl,
      ]);
      expect(server.requestsTo('GET', '/jsapi/agent-signature')).toHaveLength(1);
    } finally {
      delete window.__SCRM_BOOT__;
    }
  });

  it('shows the guide’s day when opened outside a chat (entry normal)', async () => {
    const server = customerServer();
    installFakeWecom({ entry: 'normal' });
    renderApp();

    expect(await screen.findByRole('heading', { name: '今日待办' })).toBeInTheDocument();
    expect(await screen.findByText('今天的待办都完成了')).toBeInTheDocument();
    expect(server.requestsTo('GET', '/customer-view')).toHaveLength(0);
    expect(window.location.hash).toBe('#/today');
  });

  it('asks for a one-to-one chat when opened from a group chat’s toolbar', async () => {
    const server = customerServer();
    installFakeWecom({ entry: 'group_chat_tools' });
    renderApp();

    expect(await screen.findByRole('heading', { name: '请在单聊中打开' })).toBeInTheDocument();
    expect(server.requestsTo('GET', '/customer-view')).toHaveLength(0);
  });
});

describe('JS-SDK failures', () => {
  it.each([
    [
      'a wrong signature',
      { errMsg: 'agentConfig:invalid signature', errCode: 40093 },
      '签名错误（40093）',
      /ticket/,
    ],
    [
      'an untrusted domain',
      { errMsg: 'agentConfig:fail not match any reliable domain', errCode: 80001 },
      '可信域名未配置（80001）',
      /可信域名/,
    ],
    [
      'no permission',
      { errMsg: 'agentConfig:fail no permission' },
      '没有使用权限',
      /可调用接口的应用.*可见范围/,
    ],
    ['a client too old', { errMsg: 'agentConfig:fail function not exist' }, '请升级企业微信', null],
  ])('explains %s to the guide and says what the admin must fix', async (_, failure, title, adminFix) => {
    customerServer();
    installFakeWecom({ configFailure: failure });
    renderApp();

    const page = await screen.findByRole('alert', { name: '无法连接企业微信' });
    expect(within(page).getByRole('heading', { name: title })).toBeInTheDocument();
    if (adminFix) {
      expect(within(page).getByRole('region', { name: '管理员需要处理' })).toHaveTextContent(adminFix);
    } else {
      expect(within(page).queryByRole('region', { name: '管理员需要处理' })).not.toBeInTheDocument();
    }
    expect(within(page).getByText(failure.errMsg, { exact: false })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /王小美/ })).not.toBeInTheDocument();
  });

  it('says “open it in WeCom” outside the WeCom client, without loading the SDK', async () => {
    const server = customerServer();
    renderApp();

    expect(await screen.findByRole('heading', { name: '请在企业微信中打开' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '重新打开' })).not.toBeInTheDocument();
    expect(server.requestsTo('GET', '/jsapi/config-signature')).toHaveLength(0);
  });

  it('says the signature could not be fetched when our endpoint fails', async () => {
    serveSession(fakeServer()).on(
      'GET',
      '/jsapi/agent-signature',
      apiError(502, 'wecom_40001', 'invalid secret'),
    );
    installFakeWecom();
    renderApp();

    expect(await screen.findByRole('heading', { name: '无法获取签名' })).toBeInTheDocument();
    expect(screen.getByText(/wecom_40001/)).toBeInTheDocument();
  });

  it('says WeCom did not answer when the client never confirms the signatures', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    customerServer();
    installFakeWecom({ configHangs: true });
    renderApp();

    await vi.waitFor(() =>
      expect(screen.getByRole('status', { name: '正在连接企业微信' })).toBeInTheDocument(),
    );
    await vi.advanceTimersByTimeAsync(env.sdkReadyTimeoutMs);
    vi.useRealTimers();
    expect(await screen.findByRole('heading', { name: '企业微信没有响应' })).toBeInTheDocument();
  });

  it('explains a customer the SDK will not name (no permission from getCurExternalContact)', async () => {
    customerServer();
    installFakeWecom({ contactFailure: { errMsg: 'getCurExternalContact:fail no permission', errCode: -1 } });
    renderApp();

    expect(await screen.findByRole('heading', { name: '没有使用权限' })).toBeInTheDocument();
  });
});

describe('sign-in', () => {
  it('sends a page without a session to sign-in, coming back to the same path, query and hash', async () => {
    const noSession = apiError(401, 'session_required');
    const server = fakeServer()
      .on('GET', '/me', noSession)
      .on('GET', '/jsapi/config-signature', noSession)
      .on('GET', '/jsapi/agent-signature', noSession);
    const wecom = installFakeWecom();
    const assign = vi.spyOn(navigation, 'assign').mockImplementation(() => undefined);
    renderApp('/sidebar/?wwsim=s1#/customer/wmX');

    // /me and the two signatures are asked at once, and each 401 points to the same place.
    await waitFor(() => expect(assign).toHaveBeenCalledTimes(3));
    const signIn = `/auth/wecom/start?returnTo=${encodeURIComponent('/sidebar/?wwsim=s1#/customer/wmX')}`;
    expect(new Set(assign.mock.calls.map(([url]) => url))).toEqual(new Set([signIn]));
    // Nothing claims an error while the page is on its way out, and nothing goes on to WeCom.
    expect(screen.getByRole('status', { name: '正在连接企业微信' })).toBeInTheDocument();
    expect(wecom.registered).toHaveLength(0);
    expect(server.requestsTo('GET', '/customer-view')).toHaveLength(0);
  });

  it('goes to sign-in when a later call finds the session expired', async () => {
    customerServer().on('GET', '/customer-view', apiError(401, 'session_expired'));
    installFakeWecom();
    const assign = vi.spyOn(navigation, 'assign').mockImplementation(() => undefined);
    renderApp();

    await waitFor(() => expect(assign).toHaveBeenCalled());
    expect(assign.mock.calls[0]?.[0]).toBe(
      `/auth/wecom/start?returnTo=${encodeURIComponent(`/sidebar/#/customer/${fixtures.EXTERNAL_USERID}`)}`,
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('offers a retry when /me fails, and recovers', async () => {
    const server = customerServer().on('GET', '/me', apiError(503, 'internal_error'));
    installFakeWecom();
    const { user } = renderApp();

    expect(await screen.findByText('无法打开导购助手')).toBeInTheDocument();
    server.on('GET', '/me', json(fixtures.me()));
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('heading', { name: /王小美/ })).toBeInTheDocument();
  });
});
