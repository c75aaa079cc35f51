import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { buildExternalContactEventXml } from '../wecom-sim/event-xml';
import { buildEncryptedEnvelope } from '../wecom-sim/sender';
import { type TestContext, startTestContext, waitFor } from '../helpers/harness';

const SIGNING = {
  token: DEMO_CORP.token,
  encodingAesKey: DEMO_CORP.encodingAesKey,
  corpId: DEMO_CORP.corpId,
};
const [guideA, guideB] = DEMO_CORP.members.filter((m) => m.hasCustomerContact).map((m) => m.userid);
const uniqueName = () => `顾客${randomBytes(3).toString('hex')}`;

describe('processing customer events', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext()));
  afterAll(() => ctx.close());

  const relation = (userid: string, externalUserid: string) =>
    ctx.services.db.guideCustomer.findFirst({
      where: { guide: { userid }, customer: { externalUserid } },
      include: { customer: true, guide: { include: { store: true } } },
    });
  /** The relation once every event about this customer has been processed (an add marks it ACTIVE early). */
  const relationWith = (userid: string, externalUserid: string, status: string) =>
    waitFor(async () => {
      const pending = await ctx.services.db.callbackEvent.count({
        where: { externalUserid, status: { not: 'PROCESSED' } },
      });
      const r = await relation(userid, externalUserid);
      return pending === 0 && r?.status === status ? r : undefined;
    });

  it('turns a customer add into a customer, a guide with its store, and an active relation', async () => {
    const name = uniqueName();
    const { externalUserid, delivery } = await ctx.sim.addCustomer({
      userid: guideA!,
      name,
      state: 'store_qr_01',
    });
    expect(delivery?.status).toBe(200);
    // The relation turns ACTIVE from the event alone, before the profile is read: wait for the whole event.
    const events = await waitFor(async () => {
      const rows = await ctx.services.db.callbackEvent.findMany({ where: { externalUserid } });
      return rows.length > 0 && rows.every((e) => e.status === 'PROCESSED') ? rows : undefined;
    });
    expect(events).toHaveLength(1);
    const r = await relationWith(guideA!, externalUserid, 'ACTIVE');
    expect(r.customer.name).toBe(name);
    expect(r.state).toBe('store_qr_01');
    expect(r.guide.store?.name).toBeTruthy();
    expect(
      ctx.sim.callsTo('externalcontact/get').some((c) => c.query.external_userid === externalUserid),
    ).toBe(true);
  });

  it('processes a delivery repeated three times into one customer and one relation', async () => {
    const { externalUserid } = await ctx.sim.addCustomer({
      userid: guideA!,
      name: uniqueName(),
      deliver: false,
    });
    const xml = buildExternalContactEventXml({
      corpId: DEMO_CORP.corpId,
      changeType: 'add_external_contact',
      userId: guideA!,
      externalUserId: externalUserid,
      createTime: Math.floor(Date.now() / 1000),
    });
    for (let i = 0; i < 3; i += 1) {
      const envelope = buildEncryptedEnvelope(xml, SIGNING);
      await request(ctx.app.callback())
        .post(`/wecom/callback?${envelope.queryString}`)
        .send(envelope.body)
        .expect(200);
    }
    await relationWith(guideA!, externalUserid, 'ACTIVE');
    const { db } = ctx.services;
    expect(await db.customer.count({ where: { externalUserid } })).toBe(1);
    expect(await db.guideCustomer.count({ where: { customer: { externalUserid } } })).toBe(1);
    expect(await db.callbackEvent.count({ where: { externalUserid } })).toBe(1);
  });

  it('records who ended a relation: the guide, or the customer', async () => {
    const a = await ctx.sim.addCustomer({ userid: guideA!, name: uniqueName() });
    const b = await ctx.sim.addCustomer({ userid: guideB!, name: uniqueName() });
    await relationWith(guideA!, a.externalUserid, 'ACTIVE');
    await relationWith(guideB!, b.externalUserid, 'ACTIVE');
    // Deletions carry a later CreateTime than the adds (1-second resolution).
    await new Promise((r) => setTimeout(r, 1100));
    await ctx.sim.guideDeletesCustomer(guideA!, a.externalUserid);
    await ctx.sim.customerDeletesGuide(guideB!, b.externalUserid);
    expect(
      (await relationWith(guideA!, a.externalUserid, 'DELETED_BY_GUIDE')).statusChangedAt,
    ).toBeInstanceOf(Date);
    await relationWith(guideB!, b.externalUserid, 'DELETED_BY_CUSTOMER');
  });

  it('does not let a late add undo a newer deletion', async () => {
    const { externalUserid } = await ctx.sim.addCustomer({
      userid: guideA!,
      name: uniqueName(),
      deliver: false,
    });
    const now = Math.floor(Date.now() / 1000);
    const event = (changeType: 'add_external_contact' | 'del_external_contact', createTime: number) =>
      buildExternalContactEventXml({
        corpId: DEMO_CORP.corpId,
        changeType,
        userId: guideA!,
        externalUserId: externalUserid,
        createTime,
      });
    // The deletion (newer) arrives and is processed before the add (older).
    await ctx.sim.deliver(event('del_external_contact', now + 5));
    await relationWith(guideA!, externalUserid, 'DELETED_BY_GUIDE');
    await ctx.sim.deliver(event('add_external_contact', now));
    await waitFor(async () => {
      const events = await ctx.services.db.callbackEvent.findMany({ where: { externalUserid } });
      return events.length === 2 && events.every((e) => e.status === 'PROCESSED');
    });
    expect((await relation(guideA!, externalUserid))?.status).toBe('DELETED_BY_GUIDE');
  });

  it('records a one-way add even when WeCom will not show the profile yet (84061)', async () => {
    ctx.sim.failNext('externalcontact/get', 84061, 1);
    const { externalUserid } = await ctx.sim.addCustomer({
      userid: guideA!,
      halfAdd: true,
      withWelcomeCode: false,
    });
    const r = await relationWith(guideA!, externalUserid, 'ACTIVE');
    expect(r.customer.externalUserid).toBe(externalUserid);
    const followUps = await waitFor(async () => {
      const rows = await ctx.services.db.followUp.findMany({ where: { customerId: r.customerId } });
      return rows.length === 2 ? rows : undefined;
    });
    expect(followUps.map((f) => f.kind).sort()).toEqual(['GREETING', 'INTERACTION']);
  });

  it('refetches the customer when the guide edits it in the WeCom client', async () => {
    const { externalUserid } = await ctx.sim.addCustomer({ userid: guideA!, name: uniqueName() });
    await relationWith(guideA!, externalUserid, 'ACTIVE');
    await ctx.sim.editCustomer(guideA!, externalUserid, { remark: '老顾客·爱吃辣', description: '周末来店' });
    const edited = await waitFor(async () => {
      const r = await relation(guideA!, externalUserid);
      return r?.remark === '老顾客·爱吃辣' ? r : undefined;
    });
    expect(edited.description).toBe('周末来店');
  });

  it('survives WeCom expiring the access_token mid-run with one refresh', async () => {
    const first = await ctx.sim.addCustomer({ userid: guideA!, name: uniqueName() });
    await relationWith(guideA!, first.externalUserid, 'ACTIVE');
    const tokensBefore = ctx.sim.callsTo('gettoken').length;
    ctx.sim.expireTokens();
    const second = await ctx.sim.addCustomer({ userid: guideA!, name: uniqueName() });
    await relationWith(guideA!, second.externalUserid, 'ACTIVE');
    expect(ctx.sim.callsTo('gettoken').length).toBe(tokensBefore + 1);
    expect(ctx.sim.calls.some((c) => c.errcode === 42001)).toBe(true);
  });

  /** An add accepted by a bot whose Redis is down: stored in PostgreSQL, with no job anywhere. */
  async function storeAddWhileRedisIsDown(userid: string): Promise<string> {
    const { externalUserid } = await ctx.sim.addCustomer({ userid, name: uniqueName(), deliver: false });
    const xml = buildExternalContactEventXml({
      corpId: DEMO_CORP.corpId,
      changeType: 'add_external_contact',
      userId: userid,
      externalUserId: externalUserid,
      createTime: Math.floor(Date.now() / 1000),
    });
    const dead = await startTestContext({ worker: false, env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const envelope = buildEncryptedEnvelope(xml, SIGNING);
      await request(dead.app.callback())
        .post(`/wecom/callback?${envelope.queryString}`)
        .send(envelope.body)
        .expect(200);
    } finally {
      await dead.close();
    }
    return externalUserid;
  }

  it('processes an event stored while Redis was down once the reconciler runs', async () => {
    const externalUserid = await storeAddWhileRedisIsDown(guideA!);
    const [stored] = await ctx.services.db.callbackEvent.findMany({ where: { externalUserid } });
    expect(stored?.status).toBe('RECEIVED');
    // Only this test's event: other test files share the database.
    await ctx.services.queues.enqueue('reconcile-events', { staleAfterMs: 0, eventIds: [stored!.id] });
    await waitFor(async () => {
      const e = await ctx.services.db.callbackEvent.findUnique({ where: { id: stored!.id } });
      return e?.status === 'PROCESSED';
    });
    expect((await relation(guideA!, externalUserid))?.status).toBe('ACTIVE');
  });

  it('re-processes an event whose worker died mid-job, after Redis lost the job', async () => {
    const externalUserid = await storeAddWhileRedisIsDown(guideB!);
    // What a worker killed mid-job leaves behind: PROCESSING, one attempt, and no job in Redis.
    await ctx.services.db.callbackEvent.updateMany({
      where: { externalUserid },
      data: { status: 'PROCESSING', attempts: 1 },
    });
    const [lost] = await ctx.services.db.callbackEvent.findMany({ where: { externalUserid } });
    await ctx.services.queues.enqueue('reconcile-events', { staleAfterMs: 0, eventIds: [lost!.id] });
    const event = await waitFor(async () => {
      const [e] = await ctx.services.db.callbackEvent.findMany({ where: { externalUserid } });
      return e?.status === 'PROCESSED' ? e : undefined;
    });
    expect(event.attempts).toBe(2);
    expect((await relation(guideB!, externalUserid))?.status).toBe('ACTIVE');
  });
});
