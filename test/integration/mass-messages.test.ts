import { randomBytes } from 'node:crypto';
import { readMassMessageResults } from '../../bot/domain/mass-messages/read-mass-message-results';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { HANDLERS } from '../../jobs/registry';
import { type TestContext, addTestGuide, domainDeps, startTestContext, waitFor } from '../helpers/harness';
import { staff } from '../helpers/integration-client';

const DAY_MS = 24 * 3600_000;

// A database of its own: the results reader works over every open task in the database, and these tests count
// what it does.
describe('mass messages (企业群发)', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext({ isolatedDatabase: true })));
  afterAll(() => ctx.close());

  const followUpsOf = (externalUserid: string) =>
    ctx.services.db.followUp.findMany({ where: { customer: { externalUserid } }, orderBy: { kind: 'asc' } });
  /** A customer added without a welcome_code: a greeting and a 7-day interaction follow-up. */
  async function newCustomerOf(guide: string) {
    const name = `顾客${randomBytes(2).toString('hex')}`;
    const { externalUserid } = await ctx.sim.addCustomer({ userid: guide, name, withWelcomeCode: false });
    await waitFor(async () => (await followUpsOf(externalUserid)).length === 2);
    return externalUserid;
  }
  const read = (now?: Date) => readMassMessageResults(domainDeps(ctx), now);
  const massInteractionsOf = (externalUserid: string) =>
    ctx.services.db.interaction.findMany({ where: { customer: { externalUserid }, source: 'MASS_MESSAGE' } });
  async function sendToCustomers(guide: string, externalUserids: string[]) {
    const res = await staff(ctx.app)
      .post('/api/v1/mass-messages')
      .send({
        content: { text: '双十一会员专享价，点此查看' },
        audience: [{ guideUserid: guide, externalUserids }],
      });
    expect(res.status).toBe(201);
    return res.body.massMessages as { id: string; msgid: string }[];
  }

  it('records interactions only for the customers the guide actually sent to, once however often it reads', async () => {
    const guide = addTestGuide(ctx.sim);
    const [a, b, skipped] = [
      await newCustomerOf(guide),
      await newCustomerOf(guide),
      await newCustomerOf(guide),
    ];
    const [task] = await sendToCustomers(guide, [a, b, skipped]);
    const call = ctx.sim.callsTo('externalcontact/add_msg_template').at(-1)!;
    expect(call.body).toMatchObject({ chat_type: 'single', sender: guide, external_userid: [a, b, skipped] });
    const stored = await ctx.services.db.massMessage.findUniqueOrThrow({ where: { id: task!.id } });
    expect(stored).toMatchObject({ msgid: task!.msgid, recipientCount: 3, failList: [], status: 'CREATED' });

    // Not confirmed yet: nothing is sent, nothing recorded.
    await read();
    expect(await massInteractionsOf(a)).toHaveLength(0);

    ctx.sim.guideSendsMassMessage(task!.msgid, { userid: guide, skip: [skipped] });
    const run = await read();
    expect(run).toMatchObject({ read: 1, interactions: 2, unknownPairs: 0 });
    for (const sent of [a, b]) {
      const [interaction] = await massInteractionsOf(sent);
      expect(interaction?.externalId).toBe(`${task!.msgid}:${sent}`);
      expect((await followUpsOf(sent)).map((f) => [f.kind, f.status])).toEqual([
        ['GREETING', 'DONE'],
        ['INTERACTION', 'DONE'],
      ]);
    }
    expect((await followUpsOf(skipped)).map((f) => f.status)).toEqual(['PENDING', 'PENDING']);
    expect(await ctx.services.db.massMessage.findUniqueOrThrow({ where: { id: task!.id } })).toMatchObject({
      sentCount: 2,
      // The skipped customer is still unsent (status 0): the task stays open.
      status: 'SENDING',
    });

    // Read again (the next scheduler run): nothing is recorded twice.
    expect(await read()).toMatchObject({ read: 1, interactions: 0 });
    expect(
      await ctx.services.db.interaction.count({ where: { externalId: { startsWith: task!.msgid } } }),
    ).toBe(2);

    // Too old to wait for: finished, with what was sent.
    await read(new Date(Date.now() + 4 * DAY_MS));
    expect(await ctx.services.db.massMessage.findUniqueOrThrow({ where: { id: task!.id } })).toMatchObject({
      status: 'FINISHED',
      sentCount: 2,
    });
  });

  it('finishes a task once every recipient was sent or refused, and lists it with its sent count', async () => {
    const guide = addTestGuide(ctx.sim);
    const [a, gone] = [await newCustomerOf(guide), await newCustomerOf(guide)];
    const [task] = await sendToCustomers(guide, [a, gone]);
    await new Promise((r) => setTimeout(r, 1100)); // the deletion carries a later CreateTime than the add
    await ctx.sim.customerDeletesGuide(guide, gone);
    ctx.sim.guideSendsMassMessage(task!.msgid, { userid: guide });
    await read();
    const row = await ctx.services.db.massMessage.findUniqueOrThrow({ where: { id: task!.id } });
    expect(row).toMatchObject({ status: 'FINISHED', sentCount: 1 });
    expect(await massInteractionsOf(gone)).toHaveLength(0);

    const list = await staff(ctx.app).get(`/api/v1/mass-messages?guideUserid=${guide}`);
    expect(list.status).toBe(200);
    expect(list.body.massMessages).toEqual([
      expect.objectContaining({
        id: task!.id,
        guide: expect.objectContaining({ userid: guide }),
        status: 'FINISHED',
        recipientCount: 2,
        sentCount: 1,
        content: { text: '双十一会员专享价，点此查看', attachments: [] },
      }),
    ]);
  });

  it('waits while WeCom is still dispatching a task (41063) and reads it on a later run', async () => {
    const guide = addTestGuide(ctx.sim);
    const a = await newCustomerOf(guide);
    ctx.sim.limits.massMessageDispatchMs = 60_000;
    try {
      const [task] = await sendToCustomers(guide, [a]);
      ctx.sim.guideSendsMassMessage(task!.msgid, { userid: guide });
      expect(await read()).toMatchObject({ dispatching: 1, interactions: 0 });
      expect(await ctx.services.db.massMessage.findUniqueOrThrow({ where: { id: task!.id } })).toMatchObject({
        status: 'CREATED',
        error: null,
      });
      ctx.sim.limits.massMessageDispatchMs = 0;
      expect(await read()).toMatchObject({ dispatching: 0, interactions: 1 });
      expect((await followUpsOf(a)).map((f) => f.status)).toEqual(['DONE', 'DONE']);
    } finally {
      ctx.sim.limits.massMessageDispatchMs = 0;
    }
  });

  it('splits an audience of more than 10,000 customers into one WeCom task per 10,000', async () => {
    const guide = addTestGuide(ctx.sim);
    const a = await newCustomerOf(guide);
    // 10,000 strangers WeCom refuses (fail_list); the last one alone makes a task nobody can receive (41048).
    const strangers = Array.from({ length: 10_000 }, (_, i) => `wm_stranger_${i}`);
    const tasks = await sendToCustomers(guide, [a, ...strangers]);
    expect(tasks).toHaveLength(2);
    const calls = ctx.sim.callsTo('externalcontact/add_msg_template').slice(-2);
    expect(calls.map((c) => (c.body as { external_userid: string[] }).external_userid.length)).toEqual([
      10_000, 1,
    ]);
    const rows = await ctx.services.db.massMessage.findMany({
      where: { id: { in: tasks.map((t) => t.id) } },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows[0]).toMatchObject({ status: 'CREATED', recipientCount: 10_000 });
    expect(rows[0]!.failList).toHaveLength(9_999);
    expect(rows[1]).toMatchObject({ status: 'FAILED', msgid: null, recipientCount: 1 });
    expect(rows[1]!.error).toContain('41048');
  });

  it('refuses an unknown guide or empty content and creates nothing', async () => {
    const before = await ctx.services.db.massMessage.count();
    const calls = ctx.sim.callsTo('externalcontact/add_msg_template').length;
    const unknown = await staff(ctx.app)
      .post('/api/v1/mass-messages')
      .send({
        content: { text: 'hi' },
        audience: [{ guideUserid: 'nobody_here', externalUserids: ['wm_x'] }],
      });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('guide_not_found');
    const empty = await staff(ctx.app)
      .post('/api/v1/mass-messages')
      .send({
        content: { text: '  ' },
        audience: [{ guideUserid: addTestGuide(ctx.sim), externalUserids: ['wm_x'] }],
      });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('empty_content');
    expect(await ctx.services.db.massMessage.count()).toBe(before);
    expect(ctx.sim.callsTo('externalcontact/add_msg_template')).toHaveLength(calls);
  });

  it('records the greeting task as a mass message, so sending it closes the greeting', async () => {
    const { db } = ctx.services;
    await getCorpSettings({ db });
    await db.corpSettings.update({ where: { id: 1 }, data: { greetingCreatesMsgTask: true } });
    try {
      const guide = addTestGuide(ctx.sim);
      const a = await newCustomerOf(guide);
      const task = await waitFor(
        async () => (await db.massMessage.findFirst({ where: { guide: { userid: guide } } })) ?? undefined,
      );
      expect(task).toMatchObject({ status: 'CREATED', recipientCount: 1, failList: [] });
      ctx.sim.guideSendsMassMessage(task.msgid!, { userid: guide });
      // Through the job, as the scheduler runs it.
      await HANDLERS['read-mass-message-results'].run({}, { ...domainDeps(ctx), config: ctx.config });
      expect((await followUpsOf(a)).map((f) => [f.kind, f.status])).toEqual([
        ['GREETING', 'DONE'],
        ['INTERACTION', 'DONE'],
      ]);
      expect(await db.massMessage.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
        status: 'FINISHED',
        sentCount: 1,
      });
    } finally {
      await db.corpSettings.update({ where: { id: 1 }, data: { greetingCreatesMsgTask: false } });
    }
  });

  it("sends to a member group: one task per guide with that guide's members, recorded with the group", async () => {
    const [g1, g2] = [addTestGuide(ctx.sim), addTestGuide(ctx.sim)];
    const [a, b, c] = [await newCustomerOf(g1), await newCustomerOf(g1), await newCustomerOf(g2)];
    const outsider = await newCustomerOf(g2);
    const api = staff(ctx.app);
    const group = await api.post('/api/v1/groups').send({ name: '双十一老客', kind: 'LIST' }).expect(201);
    const groupId = (group.body as { group: { id: string } }).group.id;
    await api
      .post(`/api/v1/groups/${groupId}/members`)
      .send({
        pairs: [
          [g1, a],
          [g1, b],
          [g2, c],
        ].map(([guideUserid, externalUserid]) => ({ guideUserid, externalUserid })),
      })
      .expect(200);
    const before = ctx.sim.callsTo('externalcontact/add_msg_template').length;
    const res = await api
      .post(`/api/v1/groups/${groupId}/mass-messages`)
      .send({ content: { text: '老客专享：满199减50' } })
      .expect(201);
    const calls = ctx.sim.callsTo('externalcontact/add_msg_template').slice(before);
    expect(calls).toHaveLength(2);
    const bySender = Object.fromEntries(
      calls.map((call) => {
        const body = call.body as { sender: string; external_userid: string[] };
        return [body.sender, [...body.external_userid].sort()];
      }),
    );
    expect(bySender).toEqual({ [g1]: [a, b].sort(), [g2]: [c] });
    expect(JSON.stringify(calls)).not.toContain(outsider);
    const created = (res.body as { massMessages: { id: string }[] }).massMessages;
    const rows = await ctx.services.db.massMessage.findMany({
      where: { id: { in: created.map((m) => m.id) } },
    });
    expect(rows.map((r) => r.groupId)).toEqual([groupId, groupId]);
  });

  it('creates each task once when a request is sent again with the same Idempotency-Key', async () => {
    const guide = addTestGuide(ctx.sim);
    const customer = await newCustomerOf(guide);
    const key = `retry-${randomBytes(6).toString('hex')}`;
    const send = () =>
      staff(ctx.app)
        .post('/api/v1/mass-messages')
        .set('idempotency-key', key)
        .send({
          content: { text: '周末到店有礼' },
          audience: [{ guideUserid: guide, externalUserids: [customer] }],
        });
    const before = ctx.sim.callsTo('externalcontact/add_msg_template').length;
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.massMessages).toEqual(first.body.massMessages);
    expect(ctx.sim.callsTo('externalcontact/add_msg_template').length - before).toBe(1);
    const bad = await staff(ctx.app)
      .post('/api/v1/mass-messages')
      .set('idempotency-key', 'no spaces!')
      .send({ content: { text: 'x' }, audience: [{ guideUserid: guide, externalUserids: [customer] }] });
    expect(bad.status).toBe(400);
  });
});
