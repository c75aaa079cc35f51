import { randomBytes } from 'node:crypto';
import { processCallbackEvents } from '../../bot/domain/events/process-callback-events';
import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { buildExternalContactEventXml, type ExternalContactChangeType } from '../wecom-sim/event-xml';
import { newExternalUserid } from '../wecom-sim/actions/customer-actions';
import { type TestContext, addTestGuide, domainDeps, startTestContext } from '../helpers/harness';

/**
 * Adds processed together (processCallbackEvents → recordAdds) end as each would alone. No worker runs here:
 * the events are stored through the callback route, then one batch is run by hand.
 */
describe('processing a batch of callback events', () => {
  let ctx: TestContext;
  // A database of its own: the burst test leaves 240 due greetings, which would crowd HQ's day in other files.
  beforeAll(async () => (ctx = await startTestContext({ worker: false, isolatedDatabase: true })));
  afterAll(() => ctx.close());

  const now = Math.floor(Date.now() / 1000);
  const uniqueName = () => `顾客${randomBytes(3).toString('hex')}`;

  /** Stores one change_external_contact callback through the route; returns its event id. */
  async function stored(
    changeType: ExternalContactChangeType,
    userId: string,
    externalUserId: string,
    createTime: number,
    extra: { welcomeCode?: string; state?: string } = {},
  ): Promise<string> {
    const xml = buildExternalContactEventXml({
      corpId: DEMO_CORP.corpId,
      createTime,
      changeType,
      userId,
      externalUserId,
      ...extra,
    });
    expect((await ctx.sim.deliver(xml)).status).toBe(200);
    const { rows } = await ctx.services.pool.query<{ id: string }>(
      `SELECT id FROM callback_event WHERE external_userid = $1 AND change_type = $2
         AND created_at_wecom = to_timestamp($3)`,
      [externalUserId, changeType, createTime],
    );
    return rows[0]!.id;
  }

  /** A customer the simulated WeCom knows as following `userid` (no callback sent). */
  async function customerOf(userid: string, externalUserid?: string): Promise<string> {
    const added = await ctx.sim.addCustomer({ userid, name: uniqueName(), externalUserid, deliver: false });
    return added.externalUserid;
  }

  const relation = (userid: string, externalUserid: string) =>
    ctx.services.db.guideCustomer.findFirst({
      where: { guide: { userid }, customer: { externalUserid } },
      include: { customer: true },
    });
  const followUpsOf = (externalUserid: string) =>
    ctx.services.db.followUp.findMany({
      where: { customer: { externalUserid } },
      orderBy: [{ kind: 'asc' }, { dueAt: 'asc' }],
    });
  /** `count` customers WeCom knows as the guide's, each with a stored add of `createTime`. */
  async function burstOf(guide: string, count: number, createTime: number) {
    const customers: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const c = await customerOf(guide);
      customers.push(c);
      ids.push(await stored('add_external_contact', guide, c, createTime));
    }
    return { customers, ids };
  }
  const statusOf = async (eventId: string) =>
    (await ctx.services.db.callbackEvent.findUniqueOrThrow({ where: { id: eventId } })).status;

  it('records many adds at once as each would be recorded alone', async () => {
    const [a, b] = [addTestGuide(ctx.sim), addTestGuide(ctx.sim)];
    const plain = await customerOf(a);
    const coded = await customerOf(a);
    // One customer adding two guides; WeCom lists both relations on each read.
    const shared = await customerOf(a);
    await customerOf(b, shared);
    // An external_userid WeCom does not know (40096): the add stands without a profile.
    const unknown = newExternalUserid();
    const ids = [
      await stored('add_external_contact', a, plain, now),
      await stored('add_external_contact', a, coded, now, {
        welcomeCode: 'code-' + randomBytes(8).toString('hex'),
      }),
      await stored('add_external_contact', a, shared, now),
      await stored('add_external_contact', b, shared, now + 1),
      await stored('add_external_contact', a, unknown, now),
    ];

    const results = await processCallbackEvents(domainDeps(ctx), ids);
    expect([...results.values()]).toEqual(Array(5).fill('relation added'));
    for (const id of ids) expect(await statusOf(id)).toBe('PROCESSED');

    for (const [userid, externalUserid] of [
      [a, plain],
      [a, coded],
      [a, shared],
      [b, shared],
    ] as const) {
      const r = await relation(userid, externalUserid);
      expect(r).toMatchObject({ status: 'ACTIVE' });
      expect(r?.customer.name).toBe(ctx.sim.state.customers.get(externalUserid)!.name);
      expect(r?.customer.joinedAt).not.toBeNull();
    }
    expect((await relation(a, unknown))?.customer.name).toBe('');
    // A greeting when the add carried no WelcomeCode, and a 7-day follow-up for every add.
    expect((await followUpsOf(plain)).map((f) => f.kind)).toEqual(['GREETING', 'INTERACTION']);
    expect((await followUpsOf(coded)).map((f) => f.kind)).toEqual(['INTERACTION']);
    expect((await followUpsOf(shared)).map((f) => f.kind)).toEqual([
      'GREETING',
      'GREETING',
      'INTERACTION',
      'INTERACTION',
    ]);
    // Running the batch again changes nothing.
    expect([...(await processCallbackEvents(domainDeps(ctx), ids)).values()]).toEqual(
      Array(5).fill('already processed'),
    );
    expect(await followUpsOf(shared)).toHaveLength(4);
  });

  it("reads a burst of one guide's adds from the guide's listing, not with one externalcontact/get each", async () => {
    const guide = addTestGuide(ctx.sim);
    // Older than the walk: found in it. Newer than the walk (CreateTime after it began): read on its own.
    const { customers, ids } = await burstOf(guide, 240, now - 30);
    const late = await customerOf(guide);
    const lateId = await stored('add_external_contact', guide, late, now + 60);
    // One WeCom does not know: no listing holds it, so it is read on its own (40096) and stands without a profile.
    const unknown = newExternalUserid();
    const unknownId = await stored('add_external_contact', guide, unknown, now - 30);
    ctx.sim.clearCalls();

    // As the worker takes them: batches of 100, side by side.
    const all = [...ids, lateId, unknownId];
    const batches = [];
    for (let i = 0; i < all.length; i += 100) batches.push(all.slice(i, i + 100));
    for (const results of await Promise.all(batches.map((b) => processCallbackEvents(domainDeps(ctx), b)))) {
      expect([...results.values()]).toEqual(Array(results.size).fill('relation added'));
    }

    const reads = ctx.sim.callsTo('externalcontact/get').map((c) => c.query.external_userid);
    expect(reads.sort()).toEqual([late, unknown].sort());
    // 242 relations in WeCom: three pages of 100, walked once for the three batches.
    expect(ctx.sim.callsTo('externalcontact/batch/get_by_user')).toHaveLength(3);
    for (const c of [...customers, late]) {
      const r = await relation(guide, c);
      expect(r).toMatchObject({ status: 'ACTIVE' });
      expect(r?.customer.name).toBe(ctx.sim.state.customers.get(c)!.name);
    }
    expect((await followUpsOf(customers[0]!)).map((f) => f.kind)).toEqual(['GREETING', 'INTERACTION']);
    expect((await relation(guide, unknown))?.customer.name).toBe('');
  });

  it('reads the adds one by one when the walk of the listing fails', async () => {
    const guide = addTestGuide(ctx.sim);
    const { customers, ids } = await burstOf(guide, 210, now - 30);
    ctx.sim.clearCalls();
    // Not a passing refusal (no privilege): the walk is not asked again.
    ctx.sim.failNext('externalcontact/batch/get_by_user', 48002);

    for (let i = 0; i < ids.length; i += 100) {
      const results = await processCallbackEvents(domainDeps(ctx), ids.slice(i, i + 100));
      expect([...results.values()]).toEqual(Array(results.size).fill('relation added'));
    }
    // One walk, refused at its first page; every add read on its own (after the first batch, too few wait for
    // another walk to pay).
    expect(ctx.sim.callsTo('externalcontact/batch/get_by_user')).toHaveLength(1);
    expect(ctx.sim.callsTo('externalcontact/get')).toHaveLength(210);
    for (const c of customers) {
      expect((await relation(guide, c))?.customer.name).toBe(ctx.sim.state.customers.get(c)!.name);
    }
  });

  it('applies events of one relation in CreateTime order: a re-add, then a deletion, in one batch', async () => {
    const guide = addTestGuide(ctx.sim);
    const externalUserid = await customerOf(guide);
    await ctx.sim.guideDeletesCustomer(guide, externalUserid);
    const ids = [
      await stored('del_external_contact', guide, externalUserid, now + 20),
      await stored('add_external_contact', guide, externalUserid, now + 10),
      await stored('add_external_contact', guide, externalUserid, now),
    ];
    const results = await processCallbackEvents(domainDeps(ctx), ids);
    for (const id of ids) expect(await statusOf(id)).toBe('PROCESSED');
    expect(results.get(ids[0]!)).toMatch(/^relation deleted_by_guide/);
    const r = await relation(guide, externalUserid);
    expect(r).toMatchObject({ status: 'DELETED_BY_GUIDE', lastEventAt: new Date((now + 20) * 1000) });
    // Both adds were applied, each with its own follow-ups, and the deletion cancelled them all.
    const followUps = await followUpsOf(externalUserid);
    expect(followUps).toHaveLength(4);
    expect(new Set(followUps.map((f) => f.status))).toEqual(new Set(['CANCELLED']));
  });

  it('fails only the add whose profile read failed for a passing reason; the others go through', async () => {
    const guide = addTestGuide(ctx.sim);
    const customers = [await customerOf(guide), await customerOf(guide), await customerOf(guide)];
    const ids = [];
    for (const c of customers) ids.push(await stored('add_external_contact', guide, c, now));
    ctx.sim.failNext('externalcontact/get', -1);
    const results = await processCallbackEvents(domainDeps(ctx), ids);
    const failed = ids.filter((id) => results.get(id) instanceof Error);
    expect(failed).toHaveLength(1);
    const event = await ctx.services.db.callbackEvent.findUniqueOrThrow({ where: { id: failed[0]! } });
    expect(event).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(event.retryAt).not.toBeNull();
    for (const id of ids.filter((i) => i !== failed[0])) expect(await statusOf(id)).toBe('PROCESSED');
    // Its retry records it like the others.
    expect((await processCallbackEvents(domainDeps(ctx), [failed[0]!])).get(failed[0]!)).toBe(
      'relation added',
    );
    for (const c of customers) expect((await relation(guide, c))?.status).toBe('ACTIVE');
  });

  it('goes one by one when a statement for the whole batch fails, so one bad profile fails alone', async () => {
    const guide = addTestGuide(ctx.sim);
    const good = await customerOf(guide);
    const bad = await customerOf(guide);
    // PostgreSQL stores no U+0000: the batch's customer upsert fails as a whole.
    ctx.sim.state.customers.get(bad)!.name = 'bad\u0000name';
    const ids = [
      await stored('add_external_contact', guide, good, now),
      await stored('add_external_contact', guide, bad, now),
    ];
    const results = await processCallbackEvents(domainDeps(ctx), ids);
    expect(results.get(ids[0]!)).toBe('relation added');
    expect(results.get(ids[1]!)).toBeInstanceOf(Error);
    expect(await statusOf(ids[0]!)).toBe('PROCESSED');
    expect(await statusOf(ids[1]!)).toBe('FAILED');
    expect((await relation(guide, good))?.customer.name).toBe(ctx.sim.state.customers.get(good)!.name);
  });
});
