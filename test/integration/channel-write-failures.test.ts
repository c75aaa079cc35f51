import { reconcileChannelWrites } from '../../bot/domain/channels/settle-channel-writes';
import { createChannel } from '../../bot/domain/channels/manage-channels';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { type TestContext, addTestGuide, domainDeps, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';
import { refuseWrites } from '../helpers/refuse-writes';

interface ChannelBody {
  id: string;
  configId: string;
}

// Issue #9: a 「联系我」 way exists in WeCom exactly when we have its channel, whatever fails after the WeCom call.
describe('channel writes that fail after WeCom said yes', () => {
  let ctx: TestContext;
  // Its own database: the triggers are the contact_way table's.
  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    await runInitialSync(domainDeps(ctx));
  });
  afterAll(() => ctx.close());

  const api = () => staff(ctx.app);
  const refuse = (when: string, times?: number) =>
    refuseWrites(ctx.services.pool, { table: 'contact_way', when, times });
  const simWay = (configId: string) => ctx.sim.state.contactWays.find((w) => w.configId === configId)!;
  const lastAddedConfigId = () =>
    (ctx.sim.callsTo('externalcontact/add_contact_way').at(-1)?.response as { config_id: string }).config_id;
  const intents = () => ctx.services.db.wecomWriteIntent.count();

  async function knownGuides(count: number): Promise<string[]> {
    const userids = Array.from({ length: count }, () => addTestGuide(ctx.sim));
    await runInitialSync(domainDeps(ctx));
    return userids;
  }

  async function newChannel(name: string, userids: string[]): Promise<ChannelBody> {
    const res = await api().post('/api/v1/channels').send({ name, purpose: 'GUIDE', userids }).expect(201);
    return (res.body as { channel: ChannelBody }).channel;
  }

  it('deletes the way in WeCom again when storing its channel fails', async () => {
    const [guide] = await knownGuides(1);
    const drop = await refuse(`NEW.name = '断电渠道'`);
    try {
      const res = await api()
        .post('/api/v1/channels')
        .send({ name: '断电渠道', purpose: 'GUIDE', userids: [guide] });
      expect(res.status).toBe(500);
    } finally {
      await drop();
    }
    const configId = lastAddedConfigId();
    expect(simWay(configId).deleted).toBe(true);
    expect(await ctx.services.db.contactWay.count({ where: { configId } })).toBe(0);
    expect(await intents()).toBe(0);
  });

  it('leaves the way to the reconciler when deleting it at once fails too, which then takes it back', async () => {
    const [guide] = await knownGuides(1);
    const drop = await refuse(`NEW.name = '断电渠道二'`);
    ctx.sim.failNext('externalcontact/del_contact_way', -1);
    try {
      const res = await api()
        .post('/api/v1/channels')
        .send({ name: '断电渠道二', purpose: 'GUIDE', userids: [guide] });
      expect(res.status).toBe(500);
    } finally {
      await drop();
    }
    const configId = lastAddedConfigId();
    expect(simWay(configId).deleted).toBe(false);
    expect(await intents()).toBe(1);
    // The reconciler finds the way by our state (list_contact_way, get_contact_way) and takes it back.
    expect(await reconcileChannelWrites(domainDeps(ctx), { inFlightMs: 0 })).toEqual({
      settled: 1,
      failed: 0,
    });
    expect(simWay(configId).deleted).toBe(true);
    expect(await ctx.services.db.contactWay.count({ where: { configId } })).toBe(0);
    expect(await intents()).toBe(0);
  });

  it('puts the way back as our row has it when storing an update fails', async () => {
    const [a, b] = await knownGuides(2);
    const channel = await newChannel('改不了的渠道', [a!]);
    const drop = await refuse(`NEW.name = '改不了'`);
    try {
      const res = await api()
        .patch(`/api/v1/channels/${channel.id}`)
        .send({ name: '改不了', userids: [b] });
      expect(res.status).toBe(500);
    } finally {
      await drop();
    }
    // WeCom took the change, then got our row's members back.
    const updates = ctx.sim
      .callsTo('externalcontact/update_contact_way')
      .map((c) => (c.body as { user: string[] }).user);
    expect(updates.slice(-2)).toEqual([[b], [a]]);
    expect(simWay(channel.configId).user).toEqual([a]);
    expect(
      (await ctx.services.db.contactWay.findUniqueOrThrow({ where: { id: channel.id } })).userids,
    ).toEqual([a]);
    expect(await intents()).toBe(0);
  });

  it('records a deletion WeCom made when our first write of it failed', async () => {
    const [guide] = await knownGuides(1);
    const channel = await newChannel('删不掉的渠道', [guide!]);
    const drop = await refuse(`NEW.name = '删不掉的渠道' AND NEW.deleted_at IS NOT NULL`, 1);
    try {
      await api().delete(`/api/v1/channels/${channel.id}`).expect(204);
    } finally {
      await drop();
    }
    expect(simWay(channel.configId).deleted).toBe(true);
    expect(
      (await ctx.services.db.contactWay.findUniqueOrThrow({ where: { id: channel.id } })).deletedAt,
    ).not.toBeNull();
    expect(await intents()).toBe(0);
  });

  it('refuses text our database cannot store before asking WeCom', async () => {
    const [guide] = await knownGuides(1);
    const before = ctx.sim.callsTo('externalcontact/add_contact_way').length;
    const base = { purpose: 'GUIDE' as const, userids: [guide!], skipVerify: true, tagIds: [] };
    const hq = { kind: 'hq', label: 'hq' } as const;
    for (const input of [
      { ...base, name: '空\u0000字符' },
      { ...base, name: '好名字', remark: '孤\uDC00' },
      { ...base, name: '好名字', welcome: { text: '欢迎\u0000', attachments: [] } },
    ]) {
      await expect(createChannel(domainDeps(ctx), hq, input)).rejects.toMatchObject({
        status: 400,
        code: 'invalid_request',
      });
    }
    expect(ctx.sim.callsTo('externalcontact/add_contact_way')).toHaveLength(before);
  });
});
