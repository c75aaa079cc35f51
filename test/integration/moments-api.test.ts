// Issue #11, the Moments API: the plan (朋友圈4+2+2) and its classification rules, read by every member, set by HQ;
// a manager's correction of a post's classification; the week's scores, each reader seeing only theirs.
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DEFAULT_MOMENTS_PLAN } from '../../bot/domain/moments/moments-plan';
import { type SidebarWorld, createSidebarWorld, signInStoreManager } from '../factories/sidebar-world';
import { syncMoments } from '../../bot/domain/moments/sync-moments';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';
import { signIn } from '../helpers/sign-in';

// Its own database: the plan is corp-wide.
describe('the Moments plan (GET/PUT /moments/settings)', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  const cookies: Record<'guide' | 'manager', string> = { guide: '', manager: '' };
  let otherCookie = '';
  let peerCookie = '';

  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    world = await createSidebarWorld(ctx);
    cookies.guide = await signIn(ctx.app, ctx.sim, world.guide.userid);
    cookies.manager = await signInStoreManager(ctx, world, 'manager');
    otherCookie = await signInStoreManager(ctx, world, 'otherManager');
    peerCookie = await signIn(ctx.app, ctx.sim, world.peer.userid);
  });
  afterAll(() => ctx.close());

  const as = (who: 'guide' | 'manager') => ({
    get: () => request(ctx.app.callback()).get('/api/v1/moments/settings').set('cookie', cookies[who]),
    put: (body: object) =>
      request(ctx.app.callback()).put('/api/v1/moments/settings').set('cookie', cookies[who]).send(body),
  });
  const stored = async () => {
    const s = await ctx.services.db.corpSettings.findUnique({ where: { id: 1 } });
    return { plan: s?.momentsPlan, rules: s?.momentsRules };
  };

  it('gives everyone the 4+2+2 defaults until HQ sets a plan', async () => {
    for (const res of [
      await as('guide').get(),
      await as('manager').get(),
      await staff(ctx.app).get('/api/v1/moments/settings'),
    ]) {
      expect(res.status).toBe(200);
      // The playbook's numbers (test/unit/moments-scoring.test.ts spells them out).
      expect(res.body.plan).toEqual(DEFAULT_MOMENTS_PLAN);
      expect(res.body.rules).toMatchObject({ productNames: [], adSignalsToFlag: 2 });
      expect(res.body.timezone).toBe('Asia/Shanghai');
    }
  });

  it('lets HQ set the plan; what it leaves out takes its default, and the rules stay as they were', async () => {
    const res = await staff(ctx.app)
      .put('/api/v1/moments/settings')
      .send({ plan: { postingDays: 5, bestWindows: [{ start: '12:00', end: '13:00' }] } });
    expect(res.status).toBe(200);
    expect(res.body.plan).toMatchObject({
      postingDays: 5,
      productDays: 4,
      bestWindows: [{ start: '12:00', end: '13:00' }],
    });
    const rules = await staff(ctx.app)
      .put('/api/v1/moments/settings')
      .send({ rules: { productNames: ['腊肉', '剁椒'] } });
    expect(rules.body).toMatchObject({ plan: { postingDays: 5 }, rules: { productNames: ['腊肉', '剁椒'] } });
    expect((await as('guide').get()).body.plan.postingDays).toBe(5);
  });

  it('refuses a guide and a store manager with a 403, changing nothing', async () => {
    const before = await stored();
    for (const who of ['guide', 'manager'] as const) {
      const res = await as(who).put({ plan: { postingDays: 1 } });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses a plan it could not score against with a 400, changing nothing', async () => {
    const before = await stored();
    for (const body of [
      {},
      { plan: { postingDays: 8 } },
      { plan: { bestWindows: [{ start: '14:00', end: '11:30' }] } },
      { plan: { bestWindows: [{ start: '9:00', end: '10:00' }] } },
      { plan: { maxBrandPosts: 'one' } },
      { rules: { brandKeywords: ['品\u0000牌'] } },
      { rules: { adSignalsToFlag: 0 } },
      { plan: {}, extra: true },
    ]) {
      const res = await staff(ctx.app).put('/api/v1/moments/settings').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    const malformed = await staff(ctx.app)
      .put('/api/v1/moments/settings')
      .set('content-type', 'application/json')
      .send('{"plan":');
    expect(malformed.status).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it('says the stored plan must be set again when it no longer parses, and HQ can', async () => {
    await ctx.services.db.corpSettings.update({
      where: { id: 1 },
      data: { momentsPlan: { postingDays: 'six' } },
    });
    const broken = await as('guide').get();
    expect(broken.status).toBe(409);
    expect(broken.body.error.code).toBe('moments_settings_invalid');
    const mended = await staff(ctx.app)
      .put('/api/v1/moments/settings')
      .send({ plan: { postingDays: 6 } });
    expect(mended.status).toBe(200);
    expect((await as('guide').get()).body.plan.postingDays).toBe(6);
  });

  it('lets the store’s manager and HQ correct a post’s classification, which stands through later syncs', async () => {
    const deps = domainDeps(ctx);
    ctx.sim.guidePostsMoment({ userid: world.guide.userid, text: '品牌周年庆，限时秒杀' });
    await syncMoments(deps);
    const post = await ctx.services.db.momentPost.findFirstOrThrow({ where: { guideId: world.guide.id } });
    // Classified by the rules: a brand keyword, two ad signals.
    expect(post).toMatchObject({ kind: 'brand', kindSource: 'rules', readsLikeAd: true });

    const path = `/api/v1/moments/posts/${post.id}/classification`;
    const patch = (cookie: string | null, body: object) => {
      const req = request(ctx.app.callback()).patch(path);
      return (cookie ? req.set('cookie', cookie) : staff(ctx.app).patch(path)).send(body);
    };
    const correction = { kind: 'life', readsLikeAd: false };
    expect((await patch(cookies.guide, correction)).status).toBe(403);
    // Another guide of the same store: not theirs, so nothing to find.
    expect((await patch(peerCookie, correction)).status).toBe(404);
    const elsewhere = await patch(otherCookie, correction);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('moment_post_not_found');
    for (const bad of [{ kind: 'ad', readsLikeAd: false }, { kind: 'life' }, { ...correction, extra: 1 }]) {
      expect((await patch(cookies.manager, bad)).status).toBe(400);
    }
    expect(
      (await ctx.services.db.momentPost.findUniqueOrThrow({ where: { id: post.id } })).correctedAt,
    ).toBeNull();

    const done = await patch(cookies.manager, correction);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ kind: 'life', kindSource: 'manager', readsLikeAd: false });
    expect(done.body.correction).toMatchObject({ kind: 'life', readsLikeAd: false });
    expect((await patch(null, { kind: 'product', readsLikeAd: false })).body.kind).toBe('product');

    // The daily run classifies the text again; the correction is left standing.
    await syncMoments(deps, { verifyDays: 8 });
    const after = await ctx.services.db.momentPost.findUniqueOrThrow({ where: { id: post.id } });
    expect(after).toMatchObject({ kind: 'brand', correctedKind: 'product', correctedReadsLikeAd: false });
    const missing = await request(ctx.app.callback())
      .patch(`/api/v1/moments/posts/${randomUUID()}/classification`)
      .set('cookie', cookies.manager)
      .send(correction);
    expect(missing.status).toBe(404);
  });

  it('scores each guide’s week from the stored posts, in the corp’s zone, for whom the reader may see', async () => {
    const t = (local: string) => Math.floor(new Date(`${local}+08:00`).getTime() / 1000);
    for (const [local, text] of [
      ['2026-11-23T12:00:00', '腊肉切好了'],
      ['2026-11-24T21:00:00', '剁椒来了'],
      ['2026-11-25T10:00:00', '雨后的梅溪湖'],
      ['2026-11-27T14:00:00', '午后的街角'],
      ['2026-11-28T23:30:01', '夜里的江边'],
      ['2026-11-29T23:59:59', '周末爬山'],
      ['2026-11-30T00:00:00', '下周的腊肉'],
    ] as const)
      ctx.sim.guidePostsMoment({ userid: world.guide.userid, text, createTime: t(local) });
    await syncMoments(domainDeps(ctx), { now: new Date('2026-12-02T12:00:00+08:00'), verifyDays: 15 });
    const week = (cookie: string | null, query = '?week=2026-11-26') => {
      const path = `/api/v1/moments/weeks${query}`;
      return cookie ? request(ctx.app.callback()).get(path).set('cookie', cookie) : staff(ctx.app).get(path);
    };
    const users = (res: request.Response) =>
      (res.body.guides as { guide: { userid: string } }[]).map((g) => g.guide.userid).sort();
    const mine = await week(cookies.guide);
    expect(mine.status).toBe(200);
    expect(mine.body.week).toEqual({ start: '2026-11-23', end: '2026-11-29', timezone: 'Asia/Shanghai' });
    expect(users(mine)).toEqual([world.guide.userid]);
    const [row] = mine.body.guides as {
      posts: number;
      rules: { rule: string; actual: number; passed: boolean }[];
    }[];
    // Sunday 23:59:59 is this week's, Monday 00:00 the next one's; 14:00:00 is inside the noon window, 23:30:01
    // outside the evening one.
    expect(row!.posts).toBe(6);
    expect(Object.fromEntries(row!.rules.map((r) => [r.rule, r.actual]))).toEqual({
      posting_days: 6,
      product_days: 2,
      life_days: 4,
      best_window_posts: 3,
      brand_posts: 0,
      flagged_posts: 0,
    });

    // The store's manager sees the store's guides, the other store's manager none of them, HQ everyone.
    expect(users(await week(cookies.manager))).toEqual([world.guide.userid, world.peer.userid].sort());
    expect(users(await week(otherCookie))).not.toContain(world.guide.userid);
    expect(users(await week(peerCookie))).toEqual([world.peer.userid]);
    expect(users(await week(null))).toEqual(expect.arrayContaining([world.guide.userid, world.peer.userid]));
    expect(users(await week(null, `?week=2026-11-26&storeId=${world.otherStoreId}`))).not.toContain(
      world.guide.userid,
    );
    // A manager naming another store still sees only their own.
    expect(users(await week(cookies.manager, `?week=2026-11-26&storeId=${world.otherStoreId}`))).toContain(
      world.guide.userid,
    );
    for (const bad of ['?week=2026-02-30', '?week=2026-11-2', '?week=1999-12-31', '?storeId=store-1']) {
      expect((await week(cookies.manager, bad)).status).toBe(400);
    }
  });

  it('exports the week table as Excel-safe CSV, every guide the reader may see, the rules’ bounds in the header', async () => {
    // A directory name that would start a formula reaches Excel as text.
    await ctx.services.db.guide.update({
      where: { userid: world.peer.userid },
      data: { name: '=HYPERLINK("x")' },
    });
    const csv = async (cookie: string | null, query = '?week=2026-11-26') => {
      const path = `/api/v1/moments/weeks/export.csv${query}`;
      const res = await (
        cookie ? request(ctx.app.callback()).get(path).set('cookie', cookie) : staff(ctx.app).get(path)
      ).buffer(true);
      return res;
    };
    const res = await csv(cookies.manager);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="moments-2026-11-23.csv"');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const table: string[][] = parse(res.text.slice(1));
    const [header, ...rows] = table;
    expect(header).toEqual([
      '门店',
      '导购',
      '企业微信账号',
      '发圈条数',
      '发圈天数（≥6）',
      '发圈天数达标',
      '产品日（≥4）',
      '产品日达标',
      '生活日（≥2）',
      '生活日达标',
      '黄金时段（≥2）',
      '黄金时段达标',
      '品牌广告（≤1）',
      '品牌广告达标',
      '不合规（≤0）',
      '不合规达标',
      '得分',
      '本周达标',
    ]);
    // The store's two guides, and nobody else's.
    expect(rows.map((r) => r[2]).sort()).toEqual([world.guide.userid, world.peer.userid].sort());
    const mine = rows.find((r) => r[2] === world.guide.userid)!;
    expect(mine.slice(3, 16)).toEqual([
      '6',
      '6',
      '是',
      '2',
      '否',
      '4',
      '是',
      '3',
      '是',
      '0',
      '是',
      '0',
      '是',
    ]);
    expect(mine[17]).toBe('否');
    expect(rows.find((r) => r[2] === world.peer.userid)![1]).toBe(`'=HYPERLINK("x")`);
    const guideRows: string[][] = parse((await csv(cookies.guide)).text.slice(1));
    expect(guideRows.slice(1).map((r) => r[2])).toEqual([world.guide.userid]);
    expect((await csv(otherCookie)).text).not.toContain(world.guide.userid);
    expect((await csv(null)).text).toContain(world.guide.userid);
    expect((await csv(cookies.manager, '?week=2026-02-30')).status).toBe(400);
  });

  it('drills into one guide’s week post by post, with the posting-days calendar, for whom the reader may see', async () => {
    // The posts of the test above: the week of 2026-11-23.
    const posts = (cookie: string | null, query: string) => {
      const path = `/api/v1/moments/posts?${query}`;
      return cookie ? request(ctx.app.callback()).get(path).set('cookie', cookie) : staff(ctx.app).get(path);
    };
    const res = await posts(cookies.manager, `userid=${world.guide.userid}&week=2026-11-26`);
    expect(res.status).toBe(200);
    const body = res.body as {
      row: { posts: number };
      posts: { localDate: string; inBestWindow: boolean; kindSource: string; libraryItem: null }[];
      days: { date: string; posts: number }[];
    };
    expect(body.row.posts).toBe(6);
    expect(body.posts.map((p) => [p.localDate, p.inBestWindow])).toEqual([
      ['2026-11-23', true],
      ['2026-11-24', true],
      ['2026-11-25', false],
      ['2026-11-27', true],
      ['2026-11-28', false],
      ['2026-11-29', false],
    ]);
    expect(body.posts.every((p) => p.kindSource === 'rules' && p.libraryItem === null)).toBe(true);
    expect(body.days.map((d) => d.posts)).toEqual([1, 1, 1, 0, 1, 1, 1]);
    expect(body.days[0]!.date).toBe('2026-11-23');

    expect((await posts(cookies.guide, `userid=${world.guide.userid}&week=2026-11-26`)).status).toBe(200);
    expect((await posts(null, `userid=${world.guide.userid}&week=2026-11-26`)).status).toBe(200);
    for (const [cookie, userid] of [
      [cookies.guide, world.peer.userid],
      [otherCookie, world.guide.userid],
      [null, 'nobody'],
    ] as const) {
      const refused = await posts(cookie, `userid=${userid}`);
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('guide_not_found');
    }
    for (const bad of ['', 'userid=', `userid=${world.guide.userid}&week=2026-02-30`]) {
      expect((await posts(cookies.manager, bad)).status).toBe(400);
    }
  });
});
