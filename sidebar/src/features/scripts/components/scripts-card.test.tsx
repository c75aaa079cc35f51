import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, deferred, fakeServer, json } from '@/testing/fake-server';
import * as fixtures from '@/testing/fixtures';
import { openCustomer } from '@/testing/render-app';

const recordPath = '/interactions/sidebar-messages';
const recorded = json({ isNew: true, closedFollowUps: 0 }, 201);

async function openScripts(options: Parameters<typeof openCustomer>[0] = {}) {
  const opened = await openCustomer(options);
  await opened.user.click(screen.getByRole('tab', { name: '话术' }));
  return opened;
}

describe('scripts on the customer view', () => {
  it('lists this customer’s scripts, with their categories as filters', async () => {
    const server = fakeServer().on('GET', '/scripts', json(fixtures.scriptList([fixtures.script()])));
    await openScripts({ server });

    expect(await screen.findByRole('listitem', { name: '节日问候' })).toHaveTextContent(
      '王小美您好，我是张三',
    );
    expect(server.requestsTo('GET', '/scripts')[0]?.query.get('relationId')).toBe(fixtures.RELATION_ID);
    const chips = screen.getByRole('group', { name: '话术分类' });
    expect(
      within(chips)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['全部', '问候', '新品']);
  });

  it('searches by keyword and filters by category', async () => {
    const server = fakeServer().on('GET', '/scripts', json(fixtures.scriptList([fixtures.script()])));
    const { user } = await openScripts({ server });
    await screen.findByRole('listitem', { name: '节日问候' });

    await user.type(screen.getByRole('searchbox'), '秋装{Enter}');
    await waitFor(() => expect(server.requestsTo('GET', '/scripts').at(-1)?.query.get('q')).toBe('秋装'));
    await user.click(screen.getByRole('button', { name: '新品' }));
    await waitFor(() =>
      expect(server.requestsTo('GET', '/scripts').at(-1)?.query.get('category')).toBe('新品'),
    );
    expect(server.requestsTo('GET', '/scripts').at(-1)?.query.get('q')).toBe('秋装');
    expect(screen.getByRole('button', { name: '新品' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('sends a text script with sendChatMessage, then records it with a fresh clientId', async () => {
    const server = fakeServer()
      .on('GET', '/scripts', json(fixtures.scriptList([fixtures.script()])))
      .on('POST', recordPath, recorded);
    const { user, wecom } = await openScripts({ server });

    const item = await screen.findByRole('listitem', { name: '节日问候' });
    await user.click(within(item).getByRole('button', { name: '发送' }));
    expect(await screen.findByText('已发送')).toBeInTheDocument();
    await user.click(within(item).getByRole('button', { name: '发送' }));
    await waitFor(() => expect(server.requestsTo('POST', recordPath)).toHaveLength(2));

    expect(wecom.sent).toEqual([
      { msgtype: 'text', text: { content: '王小美您好，我是张三，祝您节日快乐！' } },
      { msgtype: 'text', text: { content: '王小美您好，我是张三，祝您节日快乐！' } },
    ]);
    const ids = server.requestsTo('POST', recordPath).map((r) => (r.body as { clientId: string }).clientId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(new Set(ids).size).toBe(2);
    expect(server.requestsTo('POST', recordPath)[0]?.body).toMatchObject({
      externalUserid: fixtures.EXTERNAL_USERID,
    });
  });

  it('sends a link script as a news card, after its words', async () => {
    const link = fixtures.script({
      id: 'sc-2',
      kind: 'link',
      title: '秋冬新品',
      content: '给您看看这几款',
      link: {
        title: '秋冬新品上市',
        desc: null,
        url: 'https://shop.example.com/new',
        imgUrl: 'https://img.example.com/a.jpg',
      },
    });
    const server = fakeServer()
      .on('GET', '/scripts', json(fixtures.scriptList([link])))
      .on('POST', recordPath, recorded);
    const { user, wecom } = await openScripts({ server });

    const item = await screen.findByRole('listitem', { name: '秋冬新品' });
    await user.click(within(item).getByRole('button', { name: '发送' }));

    await waitFor(() => expect(server.requestsTo('POST', recordPath)).toHaveLength(1));
    expect(wecom.sent).toEqual([
      { msgtype: 'text', text: { content: '给您看看这几款' } },
      {
        msgtype: 'news',
        news: {
          link: 'https://shop.example.com/new',
          title: '秋冬新品上市',
          desc: '',
          imgUrl: 'https://img.example.com/a.jpg',
        },
      },
    ]);
  });

  it('keeps the view on screen when the refresh after a send fails', async () => {
    const server = fakeServer()
      .on('GET', '/scripts', json(fixtures.scriptList([fixtures.script()])))
      .on('POST', recordPath, recorded);
    const { user } = await openScripts({ server });
    const refresh = deferred();
    server.on('GET', '/customer-view', () => refresh.promise);

    const item = await screen.findByRole('listitem', { name: '节日问候' });
    await user.click(within(item).getByRole('button', { name: '发送' }));

    await waitFor(() => expect(server.requestsTo('GET', '/customer-view')).toHaveLength(2));
    await act(async () => {
      refresh.release(apiError(503, 'internal_error'));
      await refresh.promise;
    });
    expect(screen.getByRole('banner', { name: '客户' })).toBeInTheDocument();
    expect(screen.queryByText('客户资料加载失败')).not.toBeInTheDocument();
  });

  it('records nothing and says why when WeCom refuses the send', async () => {
    const server = fakeServer().on('GET', '/scripts', json(fixtures.scriptList([fixtures.script()])));
    const opened = await openScripts({ server });
    opened.wecom.options.sendFailure = { errMsg: 'sendChatMessage:fail no permission', errCode: -1 };

    const item = await screen.findByRole('listitem', { name: '节日问候' });
    await opened.user.click(within(item).getByRole('button', { name: '发送' }));

    expect(await screen.findByText('发送失败：没有使用权限')).toBeInTheDocument();
    expect(server.requestsTo('POST', recordPath)).toHaveLength(0);
  });

  it('offers copy but no send when opened from the customer’s profile', async () => {
    const server = fakeServer().on('GET', '/scripts', json(fixtures.scriptList([fixtures.script()])));
    await openScripts({ server, entry: 'contact_profile' });

    const item = await screen.findByRole('listitem', { name: '节日问候' });
    expect(within(item).getByRole('button', { name: '复制' })).toBeInTheDocument();
    expect(within(item).queryByRole('button', { name: '发送' })).not.toBeInTheDocument();
  });

  it('says when there are no scripts', async () => {
    const server = fakeServer().on('GET', '/scripts', json(fixtures.scriptList([], { categories: [] })));
    await openScripts({ server });

    expect(await screen.findByText('还没有话术，请联系总部添加')).toBeInTheDocument();
  });

  it('offers a retry when the scripts fail to load', async () => {
    const server = fakeServer().on('GET', '/scripts', apiError(500, 'internal_error'));
    const { user } = await openScripts({ server });

    expect(await screen.findByText('话术加载失败')).toBeInTheDocument();
    server.on('GET', '/scripts', json(fixtures.scriptList([fixtures.script()])));
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByRole('listitem', { name: '节日问候' })).toBeInTheDocument();
  });
});
