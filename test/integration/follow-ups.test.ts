import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { processCallbackEvent } from '../../bot/domain/events/process-callback-event';
import { completeFollowUp } from '../../bot/domain/follow-ups/complete-follow-up';
import { sendReminderDigest } from '../../bot/domain/follow-ups/send-reminder-digest';
import { nextWorkingTime } from '../../bot/domain/schedule/business-hours';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { HANDLERS } from '../../jobs/registry';
import { type TestContext, addTestGuide, domainDeps, startTestContext, waitFor } from '../helpers/harness';
import { signedPost } from '../helpers/integration-client';

describe('follow-ups', () => {
  let ctx: TestContext;
  // Its own database: an order's purchase-tag job may sync the corp's tag mirror, which is corp-wide state.
  beforeAll(async () => (ctx = await startTestContext({ isolatedDatabase: true })));
  afterAll(() => ctx.close());

  const followUpsOf = (externalUserid: string) =>
    ctx.services.db.followUp.findMany({ where: { customer: { externalUserid } }, orderBy: { kind: 'asc' } });
  /** A customer added without a welcome_code: a greeting and a 7-day interaction follow-up. */
  async function newCustomerOf(guide: string, name = `顾客${randomBytes(2).toString('hex')}`) {
    const { externalUserid } = await ctx.sim.addCustomer({ userid: guide, name, withWelcomeCode: false });
    await waitFor(async () => (await followUpsOf(externalUserid)).length === 2);
    return externalUserid;
  }

  it('cancels open follow-ups when the guide deletes the customer, or the customer the guide', async () => {
    const guide = addTestGuide(ctx.sim);
    const [a, b] = [await newCustomerOf(guide), await newCustomerOf(guide)];
    await new Promise((r) => setTimeout(r, 1100)); // deletions carry a later CreateTime than the adds
    await ctx.sim.guideDeletesCustomer(guide, a);
    await ctx.sim.customerDeletesGuide(guide, b);
    const cancelled = (id: string) =>
      waitFor(async () => {
        const rows = await followUpsOf(id);
        return rows.length > 0 && rows.every((f) => f.status === 'CANCELLED') ? rows : undefined;
      });
    expect((await cancelled(a)).map((f) => f.statusReason)).toEqual([
      'the guide deleted the customer',
      'the guide deleted the customer',
    ]);
    expect((await cancelled(b))[0]?.statusReason).toBe('the customer deleted the guide');
  });

  it('lets a guide mark a follow-up done, which counts as an interaction; nobody else may', async () => {
    const guide = addTestGuide(ctx.sim);
    const externalUserid = await newCustomerOf(guide);
    const [greeting] = await followUpsOf(externalUserid);
    await expect(
      completeFollowUp(domainDeps(ctx), { followUpId: greeting!.id, guideUserid: 'someone_else' }),
    ).rejects.toMatchObject({ code: 'follow_up_not_found', status: 404 });
    const done = await completeFollowUp(domainDeps(ctx), { followUpId: greeting!.id, guideUserid: guide });
    expect(done).toMatchObject({ status: 'DONE', statusReason: 'marked done by the guide' });
    // The 7-day interaction follow-up is met by the same contact.
    expect((await followUpsOf(externalUserid)).map((f) => f.status)).toEqual(['DONE', 'DONE']);
    const interactions = await ctx.services.db.interaction.findMany({
      where: { customer: { externalUserid } },
    });
    expect(interactions.map((i) => i.source)).toEqual(['FOLLOW_UP_DONE']);
  });

  it('also creates a WeCom greeting task for the guide when the corp asks for it', async () => {
    const { db } = ctx.services;
    await getCorpSettings({ db });
    await db.corpSettings.update({ where: { id: 1 }, data: { greetingCreatesMsgTask: true } });
    try {
      const guide = addTestGuide(ctx.sim);
      const externalUserid = await newCustomerOf(guide);
      const tasks = ctx.sim
        .callsTo('externalcontact/add_msg_template')
        .filter((c) => (c.body as { sender: string }).sender === guide);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]!.body).toMatchObject({ chat_type: 'single', external_userid: [externalUserid] });
      expect(tasks[0]!.errcode).toBe(0);
    } finally {
      await db.corpSettings.update({ where: { id: 1 }, data: { greetingCreatesMsgTask: false } });
    }
  });

  it('closes the greeting and interaction follow-ups as done when an interaction is reported', async () => {
    const guide = addTestGuide(ctx.sim);
    const externalUserid = await newCustomerOf(guide);
    const interaction = {
      guideUserid: guide,
      externalUserid,
      source: 'ARCHIVE_IMPORT',
      occurredAt: new Date().toISOString(),
      externalId: `seq-${randomBytes(4).toString('hex')}`,
    };
    const res = await signedPost(ctx.app, '/api/integrations/interactions', { interactions: [interaction] });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([{ status: 'recorded', closedFollowUps: 2 }]);
    const rows = await followUpsOf(externalUserid);
    expect(rows.map((f) => f.status)).toEqual(['DONE', 'DONE']);
    expect(rows[0]?.statusReason).toContain('ARCHIVE_IMPORT');
    const relation = await ctx.services.db.guideCustomer.findFirstOrThrow({
      where: { customer: { externalUserid } },
    });
    expect(relation.lastInteractionAt).toEqual(new Date(interaction.occurredAt));

    // The same report again is recorded once; an unknown pair is reported per row, not fatal.
    const again = await signedPost(ctx.app, '/api/integrations/interactions', {
      interactions: [interaction, { ...interaction, externalUserid: 'wm_nobody', externalId: undefined }],
    });
    expect(again.body.results).toEqual([
      { status: 'duplicate', closedFollowUps: 0 },
      { status: 'rejected', reason: expect.stringContaining('has no customer') },
    ]);
  });
});

// No worker here: follow-ups fire only when a test says so, whatever the time of day the suite runs at.
describe('reminder digests', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext({ worker: false })));
  afterAll(() => ctx.close());

  /** A customer added without a welcome_code, its add event processed here and now. */
  async function newCustomerOf(guide: string, name = `顾客${randomBytes(2).toString('hex')}`) {
    const { externalUserid } = await ctx.sim.addCustomer({ userid: guide, name, withWelcomeCode: false });
    const event = await ctx.services.db.callbackEvent.findFirstOrThrow({ where: { externalUserid } });
    await processCallbackEvent(domainDeps(ctx), event.id);
    return externalUserid;
  }

  it('sends a guide one digest of everything due, once per window and only in working hours', async () => {
    const guide = addTestGuide(ctx.sim, '郑导购');
    const names = ['甲顾客', '乙顾客'];
    for (const name of names) await newCustomerOf(guide, name);
    const { db } = ctx.services;
    const guideRow = await db.guide.findUniqueOrThrow({ where: { userid: guide } });
    const settings = await getCorpSettings({ db });
    const greetings = await db.followUp.findMany({ where: { guideId: guideRow.id, kind: 'GREETING' } });
    const latestDue = Math.max(...greetings.map((f) => f.dueAt.getTime()));
    // 10:00 the next day in the corp's zone: working time, with a minute after it that is too.
    const at = DateTime.fromMillis(latestDue, { zone: settings.timezone })
      .plus({ days: 1 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
      .toJSDate();
    const deps = {
      ...domainDeps(ctx),
      agentId: ctx.config.wecom.agentId,
      sidebarUrl: 'https://scrm.example.com/sidebar/',
    };

    const sent = await sendReminderDigest(deps, guideRow.id, at);
    expect(sent).toEqual({ sent: true, count: 2 });
    const messages = ctx.sim
      .callsTo('message/send')
      .filter((c) => (c.body as { touser: string }).touser === guide);
    expect(messages).toHaveLength(1);
    const content = (messages[0]!.body as { text: { content: string } }).text.content;
    for (const name of names) expect(content).toContain(name);
    expect(content).toContain('https://scrm.example.com/sidebar/');
    expect(
      (await db.followUp.findMany({ where: { guideId: guideRow.id, kind: 'GREETING' } })).map(
        (f) => f.status,
      ),
    ).toEqual(['REMINDED', 'REMINDED']);

    // A minute later: inside the same window, so nothing is sent; it says when the window reopens.
    const soon = await sendReminderDigest(deps, guideRow.id, new Date(at.getTime() + 60_000));
    expect(soon).toEqual({
      sent: false,
      reason: 'digest already sent this window',
      retryAt: nextWorkingTime(new Date(at.getTime() + settings.reminderWindowMinutes * 60_000), settings),
    });
    expect(
      ctx.sim.callsTo('message/send').filter((c) => (c.body as { touser: string }).touser === guide),
    ).toHaveLength(1);
  });

  it('waits for working hours: a digest due at night goes out at the next opening', async () => {
    const guide = addTestGuide(ctx.sim);
    await newCustomerOf(guide);
    const guideRow = await ctx.services.db.guide.findUniqueOrThrow({ where: { userid: guide } });
    const settings = await getCorpSettings(ctx.services);
    // 02:00 in the corp's time zone, a week from now: outside the default 09:00-21:00.
    const night = new Date(Date.now() + 7 * 24 * 3600_000);
    night.setUTCHours(18, 0, 0, 0); // 18:00 UTC = 02:00 Asia/Shanghai
    const deps = { ...domainDeps(ctx), agentId: ctx.config.wecom.agentId, sidebarUrl: undefined };
    const outcome = await sendReminderDigest(deps, guideRow.id, night);
    expect(outcome).toEqual({
      sent: false,
      reason: 'outside working hours',
      retryAt: nextWorkingTime(night, settings),
    });
  });

  it('finds follow-ups whose jobs Redis lost, and asks for the guide’s reminder again', async () => {
    const guide = addTestGuide(ctx.sim);
    const externalUserid = await newCustomerOf(guide);
    const { db, queues } = ctx.services;
    const guideRow = await db.guide.findUniqueOrThrow({ where: { userid: guide } });
    // Overdue and never reminded, with nothing about it left in Redis.
    await db.followUp.updateMany({
      where: { customer: { externalUserid }, kind: 'GREETING' },
      data: { dueAt: new Date(Date.now() - 3600_000) },
    });
    await queues.queue('remind-guide').obliterate({ force: true });
    await queues.queue('follow-up-due').obliterate({ force: true });

    await HANDLERS['reconcile-follow-ups'].run(
      { graceMs: 60_000 },
      { ...domainDeps(ctx), config: ctx.config },
    );
    const job = await queues.queue('remind-guide').getJob(`remind:${guideRow.id}`);
    // The worker may already be running it; either way it was queued again.
    const digest = ctx.sim
      .callsTo('message/send')
      .some((c) => (c.body as { touser: string }).touser === guide);
    expect(job !== null || digest).toBe(true);
  });
});

describe('POST /api/orders', () => {
  let ctx: TestContext;
  // Its own database: an order's purchase-tag job may sync the corp's tag mirror, which is corp-wide state.
  beforeAll(async () => (ctx = await startTestContext({ isolatedDatabase: true })));
  afterAll(() => ctx.close());

  const orderNo = () => `PO${Date.now()}${randomBytes(3).toString('hex')}`;
  async function customerOf(guide: string) {
    const { externalUserid } = await ctx.sim.addCustomer({ userid: guide });
    await waitFor(
      async () => (await ctx.services.db.customer.findUnique({ where: { externalUserid } })) ?? undefined,
    );
    await waitFor(
      async () =>
        (await ctx.services.db.guideCustomer.findFirst({ where: { customer: { externalUserid } } })) ??
        undefined,
    );
    return externalUserid;
  }
  const order = (externalUserid: string, extra: Record<string, unknown> = {}) => ({
    orderNo: orderNo(),
    externalUserid,
    amountCents: 12800,
    items: [{ sku: 'HN-001', name: '湖南腊肉礼盒', category: '湖南特产', quantity: 1, priceCents: 12800 }],
    purchasedAt: new Date().toISOString(),
    ...extra,
  });

  it('records an order once and schedules the service reminder a day later, in working hours', async () => {
    const guide = addTestGuide(ctx.sim);
    const body = order(await customerOf(guide));
    const res = await signedPost(ctx.app, '/api/orders', body);
    expect(res.status).toBe(201);
    expect(res.body.order.guideUserid).toBe(guide);
    const settings = await getCorpSettings(ctx.services);
    const expectedDue = nextWorkingTime(
      new Date(new Date(body.purchasedAt).getTime() + 24 * 3600_000),
      settings,
    );
    expect(new Date(res.body.order.serviceReminderDueAt)).toEqual(expectedDue);

    const again = await signedPost(ctx.app, '/api/orders', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ isNew: false, order: { id: res.body.order.id } });
    expect(await ctx.services.db.order.count({ where: { orderNo: body.orderNo } })).toBe(1);
    expect(
      await ctx.services.db.followUp.count({
        where: { order: { orderNo: body.orderNo }, kind: 'SERVICE_REMINDER' },
      }),
    ).toBe(1);
  });

  it('refuses a different order under a number it already has', async () => {
    const body = order(await customerOf(addTestGuide(ctx.sim)));
    expect((await signedPost(ctx.app, '/api/orders', body)).status).toBe(201);
    const clash = await signedPost(ctx.app, '/api/orders', { ...body, amountCents: body.amountCents + 1 });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('order_conflict');
    const stored = await ctx.services.db.order.findUniqueOrThrow({ where: { orderNo: body.orderNo } });
    expect(stored.amountCents).toBe(body.amountCents);
  });

  it('credits the customer’s most recently added active guide when none is given', async () => {
    const [first, second] = [addTestGuide(ctx.sim), addTestGuide(ctx.sim)];
    const externalUserid = await customerOf(first);
    await new Promise((r) => setTimeout(r, 1100));
    await ctx.sim.addCustomer({ userid: second, externalUserid });
    await waitFor(
      async () =>
        (await ctx.services.db.guideCustomer.count({ where: { customer: { externalUserid } } })) === 2,
    );
    const res = await signedPost(ctx.app, '/api/orders', order(externalUserid));
    expect(res.body.order.guideUserid).toBe(second);
  });

  describe('refuses bad requests and stores nothing', () => {
    let externalUserid: string;
    beforeAll(async () => (externalUserid = await customerOf(addTestGuide(ctx.sim))));
    const stored = (no: string) => ctx.services.db.order.count({ where: { orderNo: no } });

    it.each([
      ['a wrong signature', { signature: 'ab'.repeat(32) }, 401, 'bad_signature'],
      ['another secret', { secret: 'someone-else-secret-0123456789abcdef' }, 401, 'bad_signature'],
      [
        'a stale timestamp',
        { timestamp: String(Math.floor(Date.now() / 1000) - 3600) },
        401,
        'stale_request',
      ],
      ['missing signature headers', { nonce: 'short' }, 401, 'bad_signature_headers'],
    ])('%s', async (_label, override, status, code) => {
      const body = order(externalUserid);
      const res = await signedPost(ctx.app, '/api/orders', body, override);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(await stored(body.orderNo)).toBe(0);
    });

    it('a replayed request (same nonce)', async () => {
      const body = order(externalUserid);
      const nonce = randomBytes(12).toString('hex');
      expect((await signedPost(ctx.app, '/api/orders', body, { nonce })).status).toBe(201);
      const replay = await signedPost(ctx.app, '/api/orders', { ...body, orderNo: orderNo() }, { nonce });
      expect(replay.status).toBe(409);
      expect(replay.body.error.code).toBe('replayed_request');
    });

    it.each([
      ['a negative amount', { amountCents: -1 }, 400, 'invalid_request'],
      ['a date without a time zone', { purchasedAt: '2026-11-23 10:00' }, 400, 'invalid_request'],
      ['an unknown customer', { externalUserid: 'wm_unknown_customer' }, 404, 'customer_not_found'],
      ['an unknown guide', { guideUserid: 'nobody_here' }, 404, 'guide_not_found'],
    ])('%s', async (_label, extra, status, code) => {
      const body = order(externalUserid, extra);
      const res = await signedPost(ctx.app, '/api/orders', body);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
      expect(await stored(body.orderNo)).toBe(0);
    });

    it('a body that is not JSON', async () => {
      const res = await signedPost(ctx.app, '/api/orders', '{"orderNo": ');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_json');
    });
  });
});
