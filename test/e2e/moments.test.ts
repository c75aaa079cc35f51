// Issue #11 in headless Chromium: today's Moments card in the guide's sidebar. HQ's library offers an item; on the
// phone one tap opens WeCom's composer (the stand-in records shareToExternalMoments), and the share counts only
// once the sync finds the guide's post in WeCom's record; on the desktop client the card turns to copy and save.
import { syncMoments } from '../../bot/domain/moments/sync-moments';
import { domainDeps, waitFor } from '../helpers/harness';
import { startImageHost } from '../helpers/image-host';
import { staff } from '../helpers/integration-client';
import { snapBothWidths } from './support/browser';
import { type E2eContext, eventually, openSidebar, seen, startE2eContext } from './support/e2e-context';

jest.setTimeout(60_000);

const GUIDE = 'zhaoliu';
const DUOJIAO = '自家剁椒，现剁现腌，拌面一勺就香。今天门店现做了一批，欢迎来尝。';

describe('today’s Moments in the sidebar', () => {
  let e2e: E2eContext;
  let images: Awaited<ReturnType<typeof startImageHost>>;
  let itemId = '';

  beforeAll(async () => {
    e2e = await startE2eContext();
    images = await startImageHost();
    const add = async (body: object) => {
      const res = await staff(e2e.ctx.app).post('/api/v1/moments/library').send(body);
      if (res.status !== 201) throw new Error(`library: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    await add({
      kind: 'product',
      title: '腊肉上新',
      text: '柴火慢熏四十天的湘西腊肉，切片就能蒸，配一碗米饭刚刚好。',
      media: { type: 'link', link: { title: '湘西腊肉的做法', url: 'https://h5.example.com/larou' } },
      product: '湘西腊肉',
      sellingPoint: '柴火慢熏四十天',
      validFrom: '2026-01-01',
    });
    // The newest: offered first.
    itemId = (
      await add({
        kind: 'product',
        title: '剁椒上新',
        text: DUOJIAO,
        media: {
          type: 'images',
          images: [images.url('剁椒.svg'), images.url('拌面.svg'), images.url('门店.svg')],
        },
        product: '剁椒酱',
        sellingPoint: '现剁现腌',
        validFrom: '2026-01-01',
      })
    ).id;
    await add({
      kind: 'life',
      title: '周末爬山',
      text: '岳麓山的枫叶红了，周末一起去走走。',
      validFrom: '2026-01-01',
    });
  }, 180_000);
  afterAll(async () => {
    // The browser first: its connections to the picture host end with it.
    await e2e?.close();
    await images?.close();
  }, 120_000);

  it('suggests a product post with the library’s item, shares it on the phone, and confirms it from WeCom', async () => {
    const client = await e2e.newClient();
    const opened = await openSidebar(e2e, client, { userid: GUIDE, entry: 'normal' });
    const { page } = opened;
    const card = page.getByRole('region', { name: '今日朋友圈' });
    await seen(card.getByRole('list', { name: '本周进度' }));
    await seen(card.getByRole('article', { name: '素材：剁椒上新' }));
    await seen(card.getByText('今天发：产品内容'));
    // The pictures come from HQ's host.
    await eventually(
      () =>
        card
          .locator('.moment-images img')
          .evaluateAll((imgs) => imgs.filter((i) => (i as { naturalWidth: number }).naturalWidth > 0).length),
      3,
    );
    await snapBothWidths(page, 'moments-card', { scrollTo: card });

    await card.getByRole('button', { name: '发朋友圈' }).click();
    const call = await waitFor(() => opened.calls('shareToExternalMoments')[0]);
    expect(call.ok).toBe(true);
    expect(call.params).toMatchObject({
      text: { content: DUOJIAO },
      attachments: [
        { msgtype: 'image', image: { imgUrl: expect.stringMatching(/剁椒\.svg$/) } },
        { msgtype: 'image' },
        { msgtype: 'image' },
      ],
    });
    const share = await waitFor(
      async () =>
        (await e2e.ctx.services.db.momentShare.findFirst({ where: { itemId, guide: { userid: GUIDE } } })) ??
        undefined,
    );
    expect(share).toMatchObject({ via: 'client', confirmedAt: null });
    await seen(card.getByRole('list', { name: '本周分享' }).getByText('待确认'));

    // The guide posts it in WeCom; the next sync finds it and confirms the share.
    e2e.ctx.sim.guidePostsMoment({ userid: GUIDE, text: DUOJIAO });
    await syncMoments(domainDeps(e2e.ctx), { verifyDays: 1 });
    await page.reload();
    await seen(card.getByRole('list', { name: '本周分享' }).getByText('已发表'));
    // Today has its product post now: the card moves on to a life post.
    await seen(card.getByText('今天发：生活内容'));
    await seen(card.getByRole('article', { name: '素材：周末爬山' }));
    expect(
      await e2e.ctx.services.db.momentPost.findFirst({
        where: { libraryItemId: itemId },
        select: { kind: true },
      }),
    ).toEqual({ kind: 'product' });
    await snapBothWidths(page, 'moments-confirmed', { scrollTo: card });
    expect(opened.errors).toEqual([]);
  });

  it('on the desktop client, where the composer call does not exist, copies the words and offers the pictures', async () => {
    const client = await e2e.newClient();
    await client.grantPermissions(['clipboard-read', 'clipboard-write']);
    const opened = await openSidebar(e2e, client, {
      userid: 'zhangsan',
      entry: 'normal',
      platform: 'desktop',
    });
    const { page } = opened;
    const card = page.getByRole('region', { name: '今日朋友圈' });
    await seen(card.getByRole('article', { name: '素材：剁椒上新' }));
    await card.getByRole('button', { name: '发朋友圈' }).click();
    const note = card.getByRole('note');
    await seen(note);
    expect(opened.calls('shareToExternalMoments')[0]?.result).toMatchObject({
      errMsg: 'shareToExternalMoments:fail function not exist',
    });
    expect(await note.getByRole('link').count()).toBe(3);
    await card.getByRole('button', { name: '复制文案' }).click();
    await waitFor(
      async () =>
        (await e2e.ctx.services.db.momentShare.findFirst({
          where: { itemId, guide: { userid: 'zhangsan' }, via: 'copy' },
        })) ?? undefined,
    );
    // Still the item copied: its pictures are yet to be saved.
    await seen(card.getByRole('list', { name: '本周分享' }).getByText('待确认'));
    expect(await card.getByRole('article', { name: '素材：剁椒上新' }).count()).toBe(1);
    await snapBothWidths(page, 'moments-desktop', { scrollTo: card });
    expect(opened.errors).toEqual([]);
  });
});
