import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeServer, json } from '@/testing/fake-server';
import { installFakeWecom } from '@/testing/fake-wecom';
import * as fixtures from '@/testing/fixtures';
import { renderApp, serveSession } from '@/testing/render-app';

function openDay(
  suggestion = fixtures.momentSuggestion(),
  shareFailure?: { errMsg: string; errCode?: number },
) {
  const server = serveSession(fakeServer().on('GET', '/my-day', json(fixtures.myDay())))
    .on('GET', '/moments/suggestion', json(suggestion))
    .on('POST', '/moments/shares', (req) =>
      json(
        { id: 'share-1', ...(req.body as object), sharedAt: new Date().toISOString(), confirmedAt: null },
        201,
      ),
    );
  const wecom = installFakeWecom({ entry: 'normal', ...(shareFailure ? { shareFailure } : {}) });
  return { server, wecom, ...renderApp() };
}

/** The card once its suggestion is on screen (the region is there from the first, loading). */
const card = async () => {
  await screen.findByRole('list', { name: '本周进度' });
  return screen.getByRole('region', { name: '今日朋友圈' });
};

describe('today’s Moments card (今日朋友圈)', () => {
  it('shows the week against the plan, what to post today and when, and the item', async () => {
    openDay();
    const region = await card();
    const rules = within(within(region).getByRole('list', { name: '本周进度' })).getAllByRole('listitem');
    expect(rules.map((r) => r.getAttribute('aria-label'))).toEqual([
      '发圈天数 2/6 未达成',
      '产品日 1/4 未达成',
      '生活日 1/2 未达成',
      '黄金时段 2/2 已达成',
      '品牌广告 0 ≤1 已达成',
      '不合规 0 ≤0 已达成',
    ]);
    expect(region).toHaveTextContent('今天发：产品内容');
    expect(region).toHaveTextContent('本周还差 3 个产品日，还剩 5 天');
    expect(region).toHaveTextContent(/最佳时段：现在 – \d\d:\d\d/);
    const item = within(region).getByRole('article', { name: '素材：剁椒上新' });
    expect(item).toHaveTextContent('适合 3 位客户');
    expect(item).toHaveTextContent('剁椒酱 · 现剁现腌');
  });

  it('opens the phone composer with the words and pictures, then records the share for WeCom to confirm', async () => {
    const { user, wecom, server } = openDay();
    await user.click(within(await card()).getByRole('button', { name: '发朋友圈' }));
    await waitFor(() => expect(server.requestsTo('POST', '/moments/shares')).toHaveLength(1));
    expect(wecom.shared).toEqual([
      {
        text: { content: '自家剁椒，现剁现腌，拌面一勺就香。' },
        attachments: [{ msgtype: 'image', image: { imgUrl: 'https://img.example.com/duojiao-1.jpg' } }],
      },
    ]);
    expect(server.requestsTo('POST', '/moments/shares')[0]!.body).toEqual({
      itemId: '9b000000-0000-4000-8000-000000000001',
      via: 'client',
    });
    // Read again: the server's word on what was shared.
    await waitFor(() => expect(server.requestsTo('GET', '/moments/suggestion')).toHaveLength(2));
  });

  it('records nothing when the guide cancels in WeCom', async () => {
    const { user, server } = openDay(undefined, { errMsg: 'shareToExternalMoments:cancel' });
    await user.click(within(await card()).getByRole('button', { name: '发朋友圈' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('region', { name: '今日朋友圈' })).getByRole('button', { name: '发朋友圈' }),
      ).toBeEnabled(),
    );
    expect(server.requestsTo('POST', '/moments/shares')).toHaveLength(0);
  });

  it('turns to copy and save on the desktop client, where the composer call does not exist', async () => {
    const { user, server } = openDay(undefined, { errMsg: 'shareToExternalMoments:fail function not exist' });
    const region = await card();
    await user.click(within(region).getByRole('button', { name: '发朋友圈' }));
    const note = await within(region).findByRole('note');
    expect(note).toHaveTextContent('此设备不能一键发表：复制文案、保存图片后');
    expect(within(note).getByRole('link', { name: '保存图片1' })).toHaveAttribute(
      'href',
      'https://img.example.com/duojiao-1.jpg',
    );
    expect(within(region).queryByRole('button', { name: '发朋友圈' })).not.toBeInTheDocument();
    await user.click(within(region).getByRole('button', { name: '复制文案' }));
    await waitFor(() => expect(server.requestsTo('POST', '/moments/shares')).toHaveLength(1));
    expect(server.requestsTo('POST', '/moments/shares')[0]!.body).toMatchObject({ via: 'copy' });
    // The pictures are still to be saved: the item stays, listed as shared, waiting for WeCom's record.
    expect(within(region).getByRole('article', { name: '素材：剁椒上新' })).toBeInTheDocument();
    const shares = await within(region).findByRole('list', { name: '本周分享' });
    expect(shares).toHaveTextContent('剁椒上新待确认');
    await user.click(within(region).getByRole('button', { name: '复制文案' }));
    expect(server.requestsTo('POST', '/moments/shares')).toHaveLength(1);
  });

  it('offers another item, and lists the week’s shares, made or still to be confirmed', async () => {
    const { user } = openDay(
      fixtures.momentSuggestion({
        shares: [
          {
            id: 's1',
            itemId: 'i1',
            title: '周末爬山',
            via: 'client',
            sharedAt: new Date().toISOString(),
            confirmedAt: new Date().toISOString(),
          },
          {
            id: 's2',
            itemId: 'i2',
            title: '腊肉上新',
            via: 'copy',
            sharedAt: new Date().toISOString(),
            confirmedAt: null,
          },
        ],
      }),
    );
    const region = await card();
    await user.click(within(region).getByRole('button', { name: '换一个' }));
    expect(within(region).getByRole('article', { name: '素材：腊肉上新' })).toBeInTheDocument();
    const shares = within(within(region).getByRole('list', { name: '本周分享' })).getAllByRole('listitem');
    expect(shares.map((s) => s.textContent)).toEqual(['周末爬山已发表', '腊肉上新待确认']);
  });

  it('says so when the library has nothing of the kind', async () => {
    openDay(fixtures.momentSuggestion({ kind: 'life', reason: 'life_days', item: null, alternatives: [] }));
    expect(await card()).toHaveTextContent('素材库里暂时没有适合的生活内容');
  });

  it('shows a retry when the suggestion cannot be read', async () => {
    const server = serveSession(fakeServer().on('GET', '/my-day', json(fixtures.myDay()))).on(
      'GET',
      '/moments/suggestion',
      apiError(500, 'internal_error'),
    );
    installFakeWecom({ entry: 'normal' });
    renderApp();
    const region = await screen.findByRole('region', { name: '今日朋友圈' });
    expect(await within(region).findByRole('alert')).toHaveTextContent('朋友圈建议加载失败');
    expect(server.requestsTo('GET', '/moments/suggestion')).toHaveLength(1);
  });
});
