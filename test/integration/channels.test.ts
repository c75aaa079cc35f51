import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { TAG } from '../wecom-sim/demo/demo-tags';
import { type TestContext, addTestGuide, domainDeps, startTestContext, waitFor } from '../helpers/harness';
import { staff } from '../helpers/integration-client';

interface ChannelBody {
  id: string;
  configId: string;
  state: string;
  qrCode: string | null;
  type: number;
}

describe('channels (渠道活码)', () => {
  let ctx: TestContext;
  // Its own database: it mirrors the corp's tags, which is corp-wide state.
  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    await runInitialSync(domainDeps(ctx));
  });
  afterAll(() => ctx.close());

  const api = () => staff(ctx.app);
  const tagIdOf = async (wecomTagId: string) =>
    (await ctx.services.db.tag.findUniqueOrThrow({ where: { wecomTagId } })).id;
  /** Guides the bot knows (initial sync imported the directory; test guides are added by a re-sync). */
  async function knownGuides(count: number): Promise<string[]> {
    const userids = Array.from({ length: count }, () => addTestGuide(ctx.sim));
    await runInitialSync(domainDeps(ctx));
    return userids;
  }

  it('creates a channel in WeCom with its state, tags new customers with its tags and greets with its welcome', async () => {
    const [guide] = await knownGuides(1);
    const snacks = await tagIdOf(TAG.snacks);
    const res = await api()
      .post('/api/v1/channels')
      .send({
        name: '五一门店活动',
        purpose: 'CAMPAIGN',
        userids: [guide],
        tagIds: [snacks],
        welcome: { text: '欢迎参加五一活动，{customer_name}！', attachments: [] },
      })
      .expect(201);
    const channel = (res.body as { channel: ChannelBody }).channel;
    expect(channel.type).toBe(1);
    expect(channel.qrCode).toMatch(/^https:\/\//);
    const way = ctx.sim.state.contactWays.find((w) => w.configId === channel.configId)!;
    expect(way).toMatchObject({ state: channel.state, user: [guide], type: 1, scene: 2 });

    const added = await ctx.sim.addViaContactWay(channel.configId, { name: '李四' });
    // The welcome is the channel's.
    const welcome = await waitFor(() =>
      ctx.sim
        .callsTo('externalcontact/send_welcome_msg')
        .find((c) => (c.body as { welcome_code?: string }).welcome_code === added.welcomeCode),
    );
    expect((welcome.body as { text: { content: string } }).text.content).toBe('欢迎参加五一活动，李四！');
    // The relation records the channel and gets its tags, in our database and in WeCom.
    const relation = await waitFor(async () => {
      const r = await ctx.services.db.guideCustomer.findFirst({
        where: { customer: { externalUserid: added.externalUserid }, contactWayId: channel.id },
        include: { tags: true },
      });
      return r && r.tags.length === 1 ? r : undefined;
    });
    expect(relation.tags.map((t) => t.tagId)).toEqual([snacks]);
    const simRelation = () =>
      ctx.sim.state.relations.find((r) => r.externalUserid === added.externalUserid && r.userid === guide)!;
    await waitFor(() => simRelation().tagIds.includes(TAG.snacks));
    // The tag push came after the welcome: tagging never delays the greeting.
    const order = ctx.sim.calls
      .filter(
        (c) =>
          (c.path === 'externalcontact/send_welcome_msg' &&
            (c.body as { welcome_code?: string }).welcome_code === added.welcomeCode) ||
          (c.path === 'externalcontact/mark_tag' &&
            (c.body as { external_userid?: string }).external_userid === added.externalUserid),
      )
      .map((c) => c.path);
    expect(order).toEqual(['externalcontact/send_welcome_msg', 'externalcontact/mark_tag']);

    const list = (await api().get('/api/v1/channels').expect(200)).body as {
      channels: { id: string; added: number; welcomeText: string }[];
    };
    expect(list.channels.find((c) => c.id === channel.id)).toMatchObject({
      added: 1,
      welcomeText: '欢迎参加五一活动，{customer_name}！',
    });
  });

  it('spreads a store channel over several guides and can change its members and tags', async () => {
    const [a, b, c] = await knownGuides(3);
    const created = await api()
      .post('/api/v1/channels')
      .send({ name: '旗舰店', purpose: 'STORE', userids: [a, b] })
      .expect(201);
    const channel = (created.body as { channel: ChannelBody }).channel;
    expect(channel.type).toBe(2);
    expect(ctx.sim.state.contactWays.find((w) => w.configId === channel.configId)!.user).toEqual([a, b]);
    const first = await ctx.sim.addViaContactWay(channel.configId, {});
    const second = await ctx.sim.addViaContactWay(channel.configId, {});
    expect([first.userid, second.userid].sort()).toEqual([a, b].sort());

    const gifting = await tagIdOf(TAG.gifting);
    await api()
      .patch(`/api/v1/channels/${channel.id}`)
      .send({ userids: [b, c], tagIds: [gifting] })
      .expect(200);
    expect(ctx.sim.state.contactWays.find((w) => w.configId === channel.configId)!.user).toEqual([b, c]);
    const third = await ctx.sim.addViaContactWay(channel.configId, { userid: c });
    await waitFor(() =>
      ctx.sim.state.relations
        .find((r) => r.externalUserid === third.externalUserid)
        ?.tagIds.includes(TAG.gifting),
    );
  });

  it('refuses an unknown guide or a rule-group tag before asking WeCom', async () => {
    const before = ctx.sim.callsTo('externalcontact/add_contact_way').length;
    const unknown = await api()
      .post('/api/v1/channels')
      .send({ name: '错', purpose: 'GUIDE', userids: ['nobody_here'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_guide');
    const [guide] = await knownGuides(1);
    const ruleTag = await ctx.services.db.tag.findFirstOrThrow({ where: { strategyId: { not: null } } });
    const rule = await api()
      .post('/api/v1/channels')
      .send({ name: '错', purpose: 'GUIDE', userids: [guide], tagIds: [ruleTag.id] });
    expect(rule.status).toBe(400);
    expect(rule.body.error.code).toBe('bad_tag');
    const store = await api()
      .post('/api/v1/channels')
      .send({
        name: '错',
        purpose: 'STORE',
        storeId: '00000000-0000-4000-8000-000000000000',
        userids: [guide],
      });
    expect(store.status).toBe(400);
    expect(store.body.error.code).toBe('unknown_store');
    expect(ctx.sim.callsTo('externalcontact/add_contact_way')).toHaveLength(before);
  });

  it('deletes the way in WeCom and keeps the channel on relations it brought', async () => {
    const [guide] = await knownGuides(1);
    const created = await api()
      .post('/api/v1/channels')
      .send({ name: '导购个人码', purpose: 'GUIDE', userids: [guide] })
      .expect(201);
    const channel = (created.body as { channel: ChannelBody }).channel;
    const added = await ctx.sim.addViaContactWay(channel.configId, {});
    await waitFor(async () =>
      ctx.services.db.guideCustomer
        .findFirst({
          where: { customer: { externalUserid: added.externalUserid }, contactWayId: channel.id },
        })
        .then((r) => r ?? undefined),
    );
    await api().delete(`/api/v1/channels/${channel.id}`).expect(204);
    expect(ctx.sim.state.contactWays.find((w) => w.configId === channel.configId)!.deleted).toBe(true);
    const list = (await api().get('/api/v1/channels').expect(200)).body as { channels: { id: string }[] };
    expect(list.channels.map((c) => c.id)).not.toContain(channel.id);
    await api().delete(`/api/v1/channels/${channel.id}`).expect(404);
    const relation = await ctx.services.db.guideCustomer.findFirstOrThrow({
      where: { customer: { externalUserid: added.externalUserid } },
    });
    expect(relation.contactWayId).toBe(channel.id);
  });
});
