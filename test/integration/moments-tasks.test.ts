// Issue #11, enterprise Moments (企业朋友圈) end to end with the simulator: HQ publishes a library item with
// add_moment_task (its pictures uploaded with media/upload_attachment), follows the job's result, then who
// published it (get_moment_task) and whom it reached (get_moment_send_result); WeCom's limits and refusals shown.
import { syncCorpTags } from '../../bot/domain/tags/sync-corp-tags';
import { followMomentTasks } from '../../bot/domain/moments/library/follow-moment-tasks';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { startImageHost } from '../helpers/image-host';
import { staff } from '../helpers/integration-client';

interface Task {
  id: string;
  status: string;
  momentId: string | null;
  invalidSenders: string[];
  invalidTags: string[];
  results: { senders: { userid: string; published: boolean; reached: number }[] } | null;
}

describe('enterprise Moments tasks (POST/GET /api/v1/moments/tasks)', () => {
  let ctx: TestContext;
  let images: Awaited<ReturnType<typeof startImageHost>>;
  let itemId = '';

  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true, worker: false });
    images = await startImageHost();
    await runInitialSync(domainDeps(ctx));
    await syncCorpTags(domainDeps(ctx));
    const res = await staff(ctx.app)
      .post('/api/v1/moments/library')
      .send({
        kind: 'product',
        title: '腊肉上新',
        text: '柴火慢熏四十天的湘西腊肉。',
        media: { type: 'images', images: [images.url('腊肉.svg'), images.url('蒸腊肉.svg')] },
        product: '湘西腊肉',
        sellingPoint: '柴火慢熏四十天',
        validFrom: '2026-01-01',
      });
    itemId = res.body.id as string;
  });
  afterAll(async () => {
    await images.close();
    await ctx.close();
  });

  const publish = (body: object) => staff(ctx.app).post('/api/v1/moments/tasks').send(body);
  const task = async (id: string) => (await staff(ctx.app).get(`/api/v1/moments/tasks/${id}`)).body as Task;
  const activeCustomers = (userid: string) =>
    ctx.sim.state.relations.filter((r) => r.userid === userid && r.status === 'active').length;

  it('uploads the pictures as Moments attachments, creates the task, and follows who published and whom it reached', async () => {
    const created = await publish({ itemId, senderUserids: ['zhangsan', 'lisi', 'ghost'] });
    expect(created.status).toBe(201);
    const body = created.body as Task;
    expect(body).toMatchObject({ status: 'created', invalidSenders: ['ghost'], invalidTags: [] });
    expect(body.momentId).toEqual(expect.any(String));

    // Both pictures went up as Moments attachments (attachment_type 1), and the task names exactly those.
    const uploads = [...ctx.sim.state.attachments.values()];
    expect(uploads.map((a) => [a.type, a.attachmentType])).toEqual([
      ['image', 1],
      ['image', 1],
    ]);
    const sent = ctx.sim.callsTo('externalcontact/add_moment_task')[0]!.body as {
      text: { content: string };
      attachments: { image: { media_id: string } }[];
      visible_range: unknown;
    };
    expect(sent.text.content).toBe('柴火慢熏四十天的湘西腊肉。');
    expect(sent.attachments.map((a) => a.image.media_id)).toEqual(uploads.map((a) => a.mediaId));
    expect(sent.visible_range).toEqual({ sender_list: { user_list: ['zhangsan', 'lisi', 'ghost'] } });

    // Nobody has published yet: it reached nobody.
    const before = await task(body.id);
    expect(before.results?.senders).toEqual([
      { userid: 'zhangsan', published: false, reached: 0 },
      { userid: 'lisi', published: false, reached: 0 },
    ]);
    ctx.sim.memberPublishesMomentTask(body.momentId!, 'zhangsan');
    const after = await task(body.id);
    expect(after.results?.senders[0]).toEqual({
      userid: 'zhangsan',
      published: true,
      reached: activeCustomers('zhangsan'),
    });
    expect(activeCustomers('zhangsan')).toBeGreaterThan(0);
    expect(
      ((await staff(ctx.app).get('/api/v1/moments/tasks')).body.tasks as Task[]).map((t) => t.id),
    ).toEqual([body.id]);
  });

  it('aims at customers with a corp tag: only theirs are reached', async () => {
    // A tag some but not all of zhangsan's customers carry.
    const mine = ctx.sim.state.relations.filter((r) => r.userid === 'zhangsan' && r.status === 'active');
    const tagIds = [...new Set(mine.flatMap((r) => r.tagIds))];
    const tag = await ctx.services.db.tag.findFirstOrThrow({
      where: { wecomTagId: { in: tagIds }, deletedAt: null },
    });
    const tagged = ctx.sim.state.relations.filter(
      (r) => r.userid === 'zhangsan' && r.status === 'active' && r.tagIds.includes(tag.wecomTagId),
    ).length;
    const created = (await publish({ itemId, senderUserids: ['zhangsan'], tagIds: [tag.wecomTagId] }))
      .body as Task;
    ctx.sim.memberPublishesMomentTask(created.momentId!, 'zhangsan');
    expect((await task(created.id)).results?.senders).toEqual([
      { userid: 'zhangsan', published: true, reached: tagged },
    ]);
  });

  it('follows a task without the desk asking (the follow-moment-tasks run), and lets a finished one be', async () => {
    const created = (await publish({ itemId, senderUserids: ['lisi'] })).body as Task;
    const readsOf = () =>
      ctx.sim
        .callsTo('externalcontact/get_moment_task')
        .filter((c) => (c.body as { moment_id: string }).moment_id === created.momentId).length;
    await followMomentTasks(domainDeps(ctx));
    const unpublished = await ctx.services.db.momentTask.findUniqueOrThrow({ where: { id: created.id } });
    expect(unpublished.results).toEqual({ senders: [{ userid: 'lisi', published: false, reached: 0 }] });

    ctx.sim.memberPublishesMomentTask(created.momentId!, 'lisi');
    await followMomentTasks(domainDeps(ctx));
    const published = await ctx.services.db.momentTask.findUniqueOrThrow({ where: { id: created.id } });
    expect(published.results).toEqual({
      senders: [{ userid: 'lisi', published: true, reached: activeCustomers('lisi') }],
    });
    // Everyone published and counted: later runs leave it alone.
    const reads = readsOf();
    await followMomentTasks(domainDeps(ctx));
    expect(readsOf()).toBe(reads);
  });

  it('tells WeCom’s 10 tasks a minute as a 429, and refuses bad input and unreadable pictures, creating nothing', async () => {
    const count = () => ctx.services.db.momentTask.count();
    const before = await count();
    const uploaded = ctx.sim.state.attachments.size;
    for (const bad of [{}, { itemId: 'x' }, { itemId, senderUserids: 'zhangsan' }, { itemId, extra: 1 }]) {
      expect((await publish(bad)).status).toBe(400);
    }
    expect((await publish({ itemId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const unknownTag = await publish({ itemId, tagIds: ['et_nope'] });
    expect(unknownTag.body.error.code).toBe('bad_tag');
    const broken = await staff(ctx.app)
      .post('/api/v1/moments/library')
      .send({
        kind: 'life',
        title: '坏图',
        media: { type: 'images', images: [images.url('missing/a.svg')] },
        validFrom: '2026-01-01',
      });
    const unreadable = await publish({ itemId: broken.body.id });
    expect(unreadable.status).toBe(422);
    expect(unreadable.body.error.code).toBe('media_unreadable');
    const huge = await staff(ctx.app)
      .post('/api/v1/moments/library')
      .send({
        kind: 'life',
        title: '大图',
        media: { type: 'images', images: [images.url('big/a.png')] },
        validFrom: '2026-01-01',
      });
    const tooBig = await publish({ itemId: huge.body.id });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.error.message).toContain('10 MB');
    // The unreadable and oversized pictures never reached WeCom.
    expect(ctx.sim.state.attachments.size).toBe(uploaded);
    expect(await count()).toBe(before);

    // WeCom counts a fixed minute: hold the simulator's clock inside a fresh one (a slow run must not see the
    // minute turn over between the tenth and the eleventh), then ten fill it and the eleventh is refused.
    const freshMinute = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
    ctx.sim.setNow(() => freshMinute);
    try {
      for (let i = 0; i < 10; i += 1)
        expect((await publish({ itemId, senderUserids: ['lisi'] })).status).toBe(201);
      const limited = await publish({ itemId, senderUserids: ['lisi'] });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('moment_tasks_rate_limited');
      expect(await count()).toBe(before + 10);
    } finally {
      ctx.sim.setNow(Date.now);
    }
  });
});
