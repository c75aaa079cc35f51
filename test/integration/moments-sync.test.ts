// Issue #11: reading WeCom's Moments list into moment_post, across pages of 20 and 30-day windows, incrementally,
// with deleted posts found by the daily verify run and a rate-limit answer retried without loss or duplicates.
import { syncMomentReactions } from '../../bot/domain/moments/sync-moment-reactions';
import { syncMoments } from '../../bot/domain/moments/sync-moments';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { syncCorpTags } from '../../bot/domain/tags/sync-corp-tags';
import { staff } from '../helpers/integration-client';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { DEMO_CUSTOMERS } from '../wecom-sim/demo/demo-customers';

const DAY = 24 * 3600;
const LIST = 'externalcontact/get_moment_list';

// Its own database: the sync's high-water mark is corp-wide.
describe('the Moments sync (get_moment_list → moment_post)', () => {
  let ctx: TestContext;
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true, worker: false });
    await runInitialSync(domainDeps(ctx));
  });
  afterAll(() => ctx.close());

  const posts = () => ctx.services.db.momentPost.findMany({ orderBy: { postedAt: 'asc' } });
  const listCalls = () =>
    ctx.sim.callsTo(LIST).map((c) => c.body as { start_time: number; end_time: number; cursor?: string });

  it('reads the last two weeks on a first run, page by page, and links each post to its guide', async () => {
    const t = nowSeconds();
    ctx.sim.guidePostsMoment({ userid: 'zhangsan', text: '太早了', createTime: t - 20 * DAY });
    const old = ctx.sim.guidePostsMoment({ userid: 'lisi', text: '两周内', createTime: t - 13 * DAY });
    for (let i = 0; i < 25; i += 1)
      ctx.sim.guidePostsMoment({ userid: 'zhangsan', text: `今天第${i}条`, createTime: t - 3600 + i });
    ctx.sim.clearCalls();
    const result = await syncMoments(domainDeps(ctx));
    expect(result).toMatchObject({ posts: 26, deleted: 0 });
    expect(result.calls).toBe(2); // 26 posts in pages of 20
    const stored = await posts();
    expect(stored).toHaveLength(26);
    expect(stored.map((p) => p.text)).not.toContain('太早了');
    const zhangsan = await ctx.services.db.guide.findUniqueOrThrow({ where: { userid: 'zhangsan' } });
    expect(stored.find((p) => p.momentId === old.momentId)).toMatchObject({
      creatorUserid: 'lisi',
      createType: 1,
    });
    expect(stored.filter((p) => p.guideId === zhangsan.id)).toHaveLength(25);
    expect(listCalls()[1]?.cursor).toBeTruthy();
  });

  it('goes on from where it stopped, reading only what is new', async () => {
    ctx.sim.clearCalls();
    const fresh = ctx.sim.guidePostsMoment({ userid: 'wangwu', text: '新的一条' });
    const result = await syncMoments(domainDeps(ctx));
    expect(result).toMatchObject({ calls: 1, posts: 1 });
    expect(listCalls()[0]!.end_time - listCalls()[0]!.start_time).toBeLessThan(DAY);
    expect((await posts()).map((p) => p.momentId)).toContain(fresh.momentId);
  });

  it('reads a long span in windows of at most 30 days that leave no second out', async () => {
    const t = nowSeconds();
    const far = [40, 31, 30.5, 29].map((days) =>
      ctx.sim.guidePostsMoment({
        userid: 'zhangsan',
        text: `${days}天前`,
        createTime: Math.floor(t - days * DAY),
      }),
    );
    ctx.sim.clearCalls();
    await syncMoments(domainDeps(ctx), { verifyDays: 45 });
    const windows = listCalls().filter((c) => !c.cursor);
    expect(windows.length).toBe(2);
    for (const w of windows) expect(w.end_time - w.start_time).toBeLessThanOrEqual(30 * DAY);
    // Consecutive windows overlap by a second: the open interval would drop a post at the shared end.
    expect(windows[1]!.start_time).toBe(windows[0]!.end_time - 1);
    const ids = (await posts()).map((p) => p.momentId);
    for (const p of far) expect(ids).toContain(p.momentId);
  });

  it('marks a post the member deleted once the verify run no longer finds it, and only in its days', async () => {
    const [first] = await posts();
    const recent = (await posts()).at(-1)!;
    ctx.sim.guideDeletesMoment(recent.momentId);
    // The incremental run does not look back: it cannot tell.
    await syncMoments(domainDeps(ctx));
    expect(
      (await ctx.services.db.momentPost.findUniqueOrThrow({ where: { id: recent.id } })).deletedAt,
    ).toBeNull();
    const result = await syncMoments(domainDeps(ctx), { verifyDays: 8 });
    expect(result.deleted).toBe(1);
    expect(
      (await ctx.services.db.momentPost.findUniqueOrThrow({ where: { id: recent.id } })).deletedAt,
    ).not.toBeNull();
    // A post older than the verify run's days is left as it was.
    expect(
      (await ctx.services.db.momentPost.findUniqueOrThrow({ where: { id: first!.id } })).deletedAt,
    ).toBeNull();
  });

  it('stops at a rate-limit answer without moving on, and the retry stores every post once', async () => {
    const t = nowSeconds();
    for (let i = 0; i < 30; i += 1)
      ctx.sim.guidePostsMoment({ userid: 'lisi', text: `限流${i}`, createTime: t - 60 + i });
    const before = await ctx.services.db.corpSettings.findUniqueOrThrow({ where: { id: 1 } });
    ctx.sim.clearCalls();
    // WeCom answers with its frequency limit: the run fails (the job retries it later) and keeps its mark.
    ctx.sim.failNext(LIST, 45009, 1);
    await expect(syncMoments(domainDeps(ctx))).rejects.toMatchObject({ errcode: 45009 });
    const after = await ctx.services.db.corpSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(after.momentsSyncedUntil).toEqual(before.momentsSyncedUntil);
    await syncMoments(domainDeps(ctx));
    const texts = (await posts()).map((p) => p.text).filter((x) => x.startsWith('限流'));
    expect(texts).toHaveLength(30);
    expect(new Set(texts).size).toBe(30);
  });

  it('records a customer’s like or comment as an interaction once, which meets the 7-day follow-up only', async () => {
    const deps = domainDeps(ctx);
    const fan = DEMO_CUSTOMERS.find((c) => c.follows.some((f) => f.userid === 'zhangsan'))!;
    const stranger = DEMO_CUSTOMERS.find((c) => !c.follows.some((f) => f.userid === 'zhangsan'))!;
    const post = ctx.sim.guidePostsMoment({ userid: 'zhangsan', text: '新到的腊肉' });
    await syncMoments(deps);
    const pair = await ctx.services.db.guideCustomer.findFirstOrThrow({
      where: { guide: { userid: 'zhangsan' }, customer: { externalUserid: fan.externalUserid } },
    });
    const ids = { guideId: pair.guideId, customerId: pair.customerId };
    const hourAgo = new Date(Date.now() - 3600_000);
    const [week, greeting] = await Promise.all(
      (['INTERACTION', 'GREETING'] as const).map((kind) =>
        ctx.services.db.followUp.create({ data: { ...ids, kind, dueAt: new Date(), validFrom: hourAgo } }),
      ),
    );
    ctx.sim.customerReactsToMoment(post.momentId, fan.externalUserid, 'like');
    ctx.sim.customerReactsToMoment(post.momentId, fan.externalUserid, 'comment');
    ctx.sim.customerReactsToMoment(post.momentId, stranger.externalUserid, 'like');

    const result = await syncMomentReactions(deps, { days: 1 });
    expect(result).toMatchObject({ recorded: 2, rejected: 1 });
    const recorded = await ctx.services.db.interaction.findMany({
      where: { ...ids, source: 'MOMENT_REACTION' },
    });
    expect(recorded).toHaveLength(2);
    const status = async (id: string) =>
      (await ctx.services.db.followUp.findUniqueOrThrow({ where: { id } })).status;
    expect(await status(week!.id)).toBe('DONE');
    expect(await status(greeting!.id)).toBe('PENDING');
    // Read again (tomorrow's run): nothing twice.
    expect(await syncMomentReactions(deps, { days: 1 })).toMatchObject({ recorded: 0 });
    expect(await ctx.services.db.interaction.count({ where: { ...ids, source: 'MOMENT_REACTION' } })).toBe(2);
  });

  it('gives a reacting customer the corp’s reaction tag when HQ chose one, queued for WeCom like any tag edit', async () => {
    const deps = domainDeps(ctx);
    await syncCorpTags(deps);
    const fan = DEMO_CUSTOMERS.find((c) => c.follows.some((f) => f.userid === 'lisi'))!;
    const pair = await ctx.services.db.guideCustomer.findFirstOrThrow({
      where: { guide: { userid: 'lisi' }, customer: { externalUserid: fan.externalUserid } },
      include: { tags: true },
    });
    const carried = new Set(pair.tags.map((t) => t.tagId));
    const tag = await ctx.services.db.tag.findFirstOrThrow({
      where: { deletedAt: null, strategyId: null, id: { notIn: [...carried] } },
    });
    const put = (reactionTagId: string | null) =>
      staff(ctx.app).put('/api/v1/moments/settings').send({ reactionTagId });
    expect((await put('et_nope')).status).toBe(400);
    expect((await put(tag.wecomTagId)).body.reactionTagId).toBe(tag.wecomTagId);

    const post = ctx.sim.guidePostsMoment({ userid: 'lisi', text: '周末的江边' });
    await syncMoments(deps);
    ctx.sim.customerReactsToMoment(post.momentId, fan.externalUserid, 'comment');
    expect(await syncMomentReactions(deps, { days: 1 })).toMatchObject({ recorded: 1, tagged: 1 });
    expect(
      await ctx.services.db.relationTag.findUnique({
        where: { relationId_tagId: { relationId: pair.id, tagId: tag.id } },
      }),
    ).not.toBeNull();
    const change = await ctx.services.db.tagChange.findFirstOrThrow({
      where: { relationId: pair.id, tagId: tag.id },
    });
    expect(change).toMatchObject({ op: 'ADD', source: 'moment-reaction' });
    // Read again: nothing recorded or tagged twice. Without a tag chosen, nobody is tagged.
    expect(await syncMomentReactions(deps, { days: 1 })).toMatchObject({ recorded: 0, tagged: 0 });
    expect((await put(null)).body.reactionTagId).toBeNull();
  });
});

// More posts than the rate limit lets it read in a window (a corp of 10,000 guides posts 15,000 a day, past WeCom's
// 10,000 calls a minute): the reactions run waits for the window instead of failing half-way.
describe('the Moments reactions sync under the rate limit', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestContext({
      isolatedDatabase: true,
      worker: false,
      env: { WECOM_RATE_LIMIT_PER_MINUTE: '3', WECOM_RATE_LIMIT_WINDOW_MS: '1000' },
    });
    // The guide alone (an initial sync would spend the tiny limit on user/get).
    await ctx.services.db.guide.create({ data: { userid: 'zhangsan', name: '张三' } });
  });
  afterAll(() => ctx.close());

  it('reads every post’s likes and comments, three a second, without an error', async () => {
    const deps = domainDeps(ctx);
    for (let i = 0; i < 7; i += 1) ctx.sim.guidePostsMoment({ userid: 'zhangsan', text: `第${i}条` });
    await syncMoments(deps);
    const result = await syncMomentReactions(deps, { days: 1 });
    expect(result.posts).toBe(7);
    expect(ctx.sim.callsTo('externalcontact/get_moment_comments')).toHaveLength(7);
  });
});
