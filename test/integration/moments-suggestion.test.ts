// Issue #11, the sidebar's Moments suggestion: the kind the guide's week still needs, a library item they have not
// posted (matching their customers' tags first), the next best window; and the share, confirmed only when the
// sync finds the guide's post in WeCom's record, never by the client's callback.
import { DateTime } from 'luxon';
import request from 'supertest';
import { syncMoments } from '../../bot/domain/moments/sync-moments';
import { createTag } from '../factories/group-world';
import { type SidebarWorld, createSidebarWorld } from '../factories/sidebar-world';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';
import { signIn } from '../helpers/sign-in';

interface Suggestion {
  kind: string;
  reason: string;
  needed: number;
  daysLeft: number;
  today: { posted: string[] };
  item: { id: string; title: string; matchingCustomers: number } | null;
  alternatives: { id: string; title: string }[];
  window: { start: string; end: string; open: boolean } | null;
  shares: { itemId: string; title: string; via: string; confirmedAt: string | null }[];
}

describe('the Moments suggestion and share (/api/v1/moments/suggestion, /shares)', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  let guideCookie = '';
  let peerCookie = '';
  const items: Record<'spicy' | 'plain' | 'life', { id: string; text: string }> = {} as never;

  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    world = await createSidebarWorld(ctx);
    guideCookie = await signIn(ctx.app, ctx.sim, world.guide.userid);
    peerCookie = await signIn(ctx.app, ctx.sim, world.peer.userid);
    // The guide's customer likes it spicy.
    const spicy = await createTag(ctx.services.db, '爱吃辣');
    await ctx.services.db.relationTag.create({ data: { relationId: world.relation.id, tagId: spicy.id } });
    const add = async (body: object) => {
      const res = await staff(ctx.app)
        .post('/api/v1/moments/library')
        .send({ validFrom: '2026-01-01', ...body });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, text: res.body.text as string };
    };
    // The plain one is newer: only the tag match puts the spicy one first.
    items.spicy = await add({
      kind: 'product',
      title: '剁椒上新',
      text: '自家剁椒，现剁现腌，拌面一勺就香。',
      product: '剁椒酱',
      sellingPoint: '现剁现腌',
      audienceTagIds: [spicy.wecomTagId],
    });
    items.plain = await add({
      kind: 'product',
      title: '腊肉上新',
      text: '柴火慢熏四十天的腊肉，切片就能蒸。',
      product: '腊肉',
      sellingPoint: '柴火慢熏',
    });
    items.life = await add({ kind: 'life', title: '周末爬山', text: '岳麓山的枫叶红了，周末一起去走走。' });
  });
  afterAll(() => ctx.close());

  const suggestion = async (cookie = guideCookie): Promise<Suggestion> => {
    const res = await request(ctx.app.callback()).get('/api/v1/moments/suggestion').set('cookie', cookie);
    expect(res.status).toBe(200);
    return res.body as Suggestion;
  };
  const share = (itemId: string, cookie = guideCookie, via = 'client') =>
    request(ctx.app.callback()).post('/api/v1/moments/shares').set('cookie', cookie).send({ itemId, via });
  const sync = () => syncMoments(domainDeps(ctx), { verifyDays: 2 });

  it('suggests a product post first, the item matching the guide’s customers, and the next best window', async () => {
    const s = await suggestion();
    expect(s).toMatchObject({ kind: 'product', reason: 'product_days', needed: 4, today: { posted: [] } });
    expect(s.item).toMatchObject({ id: items.spicy.id, matchingCustomers: 1 });
    expect(s.alternatives.map((a) => a.id)).toEqual([items.plain.id]);
    const local = DateTime.now().setZone('Asia/Shanghai');
    expect(s.daysLeft).toBe(8 - local.weekday);
    // The window is open now or the next to open, within the next day, and one of the plan's.
    const [start, end] = [DateTime.fromISO(s.window!.start), DateTime.fromISO(s.window!.end)];
    expect(end >= DateTime.now()).toBe(true);
    expect(s.window!.open).toBe(start <= DateTime.now());
    expect(start.diffNow('hours').hours).toBeLessThan(24);
    const clock = (t: DateTime) => t.setZone('Asia/Shanghai').toFormat('HH:mm');
    expect([`${clock(start)}-${clock(end)}`]).toEqual([expect.stringMatching(/^(11:30-14:00|20:00-23:30)$/)]);
  });

  it('confirms a share only when the guide’s post shows up in WeCom, and the post is then the item’s', async () => {
    expect((await share(items.spicy.id)).status).toBe(201);
    // Shared: not offered again, even before it is confirmed.
    expect((await suggestion()).item?.id).toBe(items.plain.id);
    // The guide also taps share on the plain one but cancels in WeCom: nothing is posted.
    expect((await share(items.plain.id, guideCookie, 'copy')).status).toBe(201);

    // WeCom's client may wrap the text; our rules alone would call it a life post (no product is named in them).
    ctx.sim.guidePostsMoment({
      userid: world.guide.userid,
      text: `${items.spicy.text.replace('，', '，\n')} `,
    });
    await sync();
    const post = await ctx.services.db.momentPost.findFirstOrThrow({ where: { guideId: world.guide.id } });
    expect(post).toMatchObject({ libraryItemId: items.spicy.id, kind: 'product', kindSource: 'library' });
    const shares = await ctx.services.db.momentShare.findMany({ where: { guideId: world.guide.id } });
    const byItem = Object.fromEntries(shares.map((s) => [s.itemId, s]));
    expect(byItem[items.spicy.id]).toMatchObject({ postId: post.id });
    expect(byItem[items.spicy.id]!.confirmedAt).not.toBeNull();
    expect(byItem[items.plain.id]).toMatchObject({ postId: null, confirmedAt: null });

    // A later sync classifies the rest afresh but leaves the item's kind.
    await sync();
    expect(await ctx.services.db.momentPost.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      kind: 'product',
      kindSource: 'library',
    });
    // Today has a product post: a second one adds no product day, so today's suggestion is a life post.
    const s = await suggestion();
    expect(s).toMatchObject({ kind: 'life', reason: 'life_days', today: { posted: ['product'] } });
    expect(s.item?.id).toBe(items.life.id);
    // The week's shares as the card lists them: made (confirmed by WeCom's record) or not.
    expect(s.shares.map((x) => [x.title, x.via, x.confirmedAt !== null])).toEqual([
      ['腊肉上新', 'copy', false],
      ['剁椒上新', 'client', true],
    ]);
  });

  it('does not take another guide’s share, nor a post whose text is not the item’s', async () => {
    expect((await share(items.life.id, peerCookie)).status).toBe(201);
    ctx.sim.guidePostsMoment({ userid: world.guide.userid, text: items.life.text });
    ctx.sim.guidePostsMoment({ userid: world.peer.userid, text: `${items.life.text}（改了几个字）` });
    await sync();
    const posts = await ctx.services.db.momentPost.findMany({ where: { text: { contains: '岳麓山' } } });
    expect(posts).toHaveLength(2);
    for (const p of posts) expect(p).toMatchObject({ libraryItemId: null, kindSource: 'rules' });
    const peerShare = await ctx.services.db.momentShare.findFirstOrThrow({
      where: { guideId: world.peer.id },
    });
    expect(peerShare.confirmedAt).toBeNull();
  });

  it('is a guide’s: others get a 403, and a bad share a 4xx that records nothing', async () => {
    const hq = await staff(ctx.app).get('/api/v1/moments/suggestion');
    expect(hq.status).toBe(403);
    expect(hq.body.error.code).toBe('guide_required');
    expect(
      (await staff(ctx.app).post('/api/v1/moments/shares').send({ itemId: items.life.id, via: 'client' }))
        .status,
    ).toBe(403);
    const before = await ctx.services.db.momentShare.count();
    expect((await share('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await share(items.life.id, guideCookie, 'wechat')).status).toBe(400);
    expect((await share('x')).status).toBe(400);
    await staff(ctx.app).post(`/api/v1/moments/library/${items.life.id}/archive`);
    const archived = await share(items.life.id);
    expect(archived.status).toBe(404);
    expect(archived.body.error.code).toBe('library_item_not_found');
    expect(await ctx.services.db.momentShare.count()).toBe(before);
  });
});
