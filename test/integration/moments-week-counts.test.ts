// Issue #11, the guide-week counts the week table and the trend read (bot/domain/moments/week-counts.ts): counted
// once a week, then kept true by every write that moves them (a synced post, a deleted one, a manager's
// correction, a change of the best windows), and read through the API a page at a time, rolled up by store and
// week by week, each reader seeing only theirs.
import request from 'supertest';
import { syncMoments } from '../../bot/domain/moments/sync-moments';
import { type SidebarWorld, createSidebarWorld, signInStoreManager } from '../factories/sidebar-world';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';
import { signIn } from '../helpers/sign-in';

const WEEK = '2026-11-23';
/** The sync runs as of this moment (the Monday after the week), re-reading the two weeks before. */
const NOW = new Date('2026-11-30T12:00:00+08:00');
const at = (local: string) => Math.floor(new Date(`${local}+08:00`).getTime() / 1000);

interface Row {
  guide: { userid: string };
  posts: number;
  score: number;
  rules: { rule: string; actual: number; passed: boolean }[];
}

describe('the guide-week counts behind the week table and the trend', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  let guideCookie = '';
  let managerCookie = '';

  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    world = await createSidebarWorld(ctx);
    guideCookie = await signIn(ctx.app, ctx.sim, world.guide.userid);
    managerCookie = await signInStoreManager(ctx, world, 'manager');
  });
  afterAll(() => ctx.close());

  const get = (cookie: string | null, path: string) =>
    cookie ? request(ctx.app.callback()).get(path).set('cookie', cookie) : staff(ctx.app).get(path);
  const sync = () => syncMoments(domainDeps(ctx), { now: NOW, verifyDays: 14 });
  const guideRow = async (userid = world.guide.userid): Promise<Row> => {
    const res = await get(null, `/api/v1/moments/weeks?week=${WEEK}&pageSize=500`);
    expect(res.status).toBe(200);
    const row = (res.body.guides as Row[]).find((r) => r.guide.userid === userid);
    if (!row) throw new Error(`no row for ${userid}`);
    return row;
  };
  const actual = (row: Row) => Object.fromEntries(row.rules.map((r) => [r.rule, r.actual]));

  it('moves with every post synced, deleted or corrected after the week was counted', async () => {
    ctx.sim.guidePostsMoment({
      userid: world.guide.userid,
      text: '腊肉切好了',
      createTime: at('2026-11-23T12:00:00'),
    });
    await sync();
    // The first read counts the week (no product named in the rules: a life post).
    expect(actual(await guideRow())).toMatchObject({
      posting_days: 1,
      life_days: 1,
      best_window_posts: 1,
    });

    // A post synced later is counted into the week already counted.
    const brand = ctx.sim.guidePostsMoment({
      userid: world.guide.userid,
      text: '品牌周年庆',
      createTime: at('2026-11-25T21:00:00'),
    });
    await sync();
    expect(actual(await guideRow())).toMatchObject({ posting_days: 2, brand_posts: 1, best_window_posts: 2 });

    // A manager's correction: brand becomes life.
    const post = await ctx.services.db.momentPost.findFirstOrThrow({ where: { momentId: brand.momentId } });
    const corrected = await request(ctx.app.callback())
      .patch(`/api/v1/moments/posts/${post.id}/classification`)
      .set('cookie', managerCookie)
      .send({ kind: 'life', readsLikeAd: false });
    expect(corrected.status).toBe(200);
    expect(actual(await guideRow())).toMatchObject({ brand_posts: 0, life_days: 2 });

    // Deleted in WeCom: gone from the counts at the next verifying sync.
    ctx.sim.guideDeletesMoment(brand.momentId);
    expect((await sync()).deleted).toBe(1);
    const row = await guideRow();
    expect(row.posts).toBe(1);
    expect(actual(row)).toMatchObject({ posting_days: 1, life_days: 1, best_window_posts: 1 });
    // The peer posted nothing: a row of zeros, not a missing guide.
    expect((await guideRow(world.peer.userid)).posts).toBe(0);
  });

  it('counts the week again when HQ moves the best windows', async () => {
    expect(actual(await guideRow()).best_window_posts).toBe(1);
    const settings = await get(null, '/api/v1/moments/settings');
    const moved = await staff(ctx.app)
      .put('/api/v1/moments/settings')
      .send({ plan: { ...settings.body.plan, bestWindows: [{ start: '08:00', end: '09:00' }] } });
    expect(moved.status).toBe(200);
    expect(actual(await guideRow()).best_window_posts).toBe(0);
    await staff(ctx.app).put('/api/v1/moments/settings').send({ plan: settings.body.plan });
    expect(actual(await guideRow()).best_window_posts).toBe(1);
  });

  it('gives the guides a page at a time, lowest score first, with every store rolled up', async () => {
    const all = await get(null, `/api/v1/moments/weeks?week=${WEEK}&pageSize=500`);
    const total = all.body.page.total as number;
    expect(total).toBe((all.body.guides as Row[]).length);
    const scores = (all.body.guides as Row[]).map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    // Two pages of one tile the first two rows.
    const first = await get(null, `/api/v1/moments/weeks?week=${WEEK}&page=1&pageSize=1`);
    const second = await get(null, `/api/v1/moments/weeks?week=${WEEK}&page=2&pageSize=1`);
    expect([...first.body.guides, ...second.body.guides]).toEqual((all.body.guides as Row[]).slice(0, 2));
    expect(second.body.page).toEqual({ page: 2, pageSize: 1, total });
    // The summary and the stores cover every guide, not the page.
    expect(second.body.summary.guides).toBe(total);
    const stores = second.body.stores as {
      store: { id: string } | null;
      guides: number;
      averageScore: number;
    }[];
    expect(stores.reduce((n, s) => n + s.guides, 0)).toBe(total);
    expect(stores.map((s) => s.averageScore)).toEqual(
      stores.map((s) => s.averageScore).sort((a, b) => a - b),
    );
    expect(stores.map((s) => s.store?.id)).toEqual(
      expect.arrayContaining([world.storeId, world.otherStoreId]),
    );
    // A store manager's roll-up is their store alone.
    const mine = await get(managerCookie, `/api/v1/moments/weeks?week=${WEEK}`);
    expect((mine.body.stores as { store: { id: string } }[]).map((s) => s.store.id)).toEqual([world.storeId]);
    for (const bad of ['page=0', 'pageSize=501', 'page=x']) {
      expect((await get(null, `/api/v1/moments/weeks?week=${WEEK}&${bad}`)).status).toBe(400);
    }
  });

  it('draws the trend week by week, oldest first, for whom the reader may see', async () => {
    const trend = (cookie: string | null, query: string) =>
      get(cookie, `/api/v1/moments/trend?week=${WEEK}&${query}`);
    const res = await trend(null, `weeks=3&userid=${world.guide.userid}`);
    expect(res.status).toBe(200);
    const weeks = res.body.weeks as { week: { start: string }; posts: number }[];
    expect(weeks.map((w) => w.week.start)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    expect(weeks.map((w) => w.posts)).toEqual([0, 0, 1]);
    expect(res.body.weeks[2]).toMatchObject({ guides: 1, passed: 0 });
    // The default is 12 weeks.
    expect((await trend(guideCookie, '')).body.weeks).toHaveLength(12);

    // A guide sees their own trend, not a peer's; a manager their store's guides; the other store's manager none.
    expect((await trend(guideCookie, `userid=${world.guide.userid}`)).status).toBe(200);
    const peer = await trend(guideCookie, `userid=${world.peer.userid}`);
    expect(peer.status).toBe(404);
    expect(peer.body.error.code).toBe('guide_not_found');
    expect((await trend(managerCookie, `userid=${world.peer.userid}`)).status).toBe(200);
    expect((await trend(managerCookie, `userid=${world.outsider.userid}`)).status).toBe(404);
    expect((await trend(null, 'userid=nobody')).status).toBe(404);
    // The guide's own trend counts one guide whatever store they name.
    const own = await trend(guideCookie, `weeks=1&storeId=${world.otherStoreId}`);
    expect(own.body.weeks[0]).toMatchObject({ guides: 1, posts: 1 });
    for (const bad of ['weeks=0', 'weeks=53', 'storeId=x', 'week=2026-13-01']) {
      expect((await get(null, `/api/v1/moments/trend?${bad}`)).status).toBe(400);
    }
  });
});
