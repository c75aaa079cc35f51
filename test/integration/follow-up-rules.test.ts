import { randomBytes } from 'node:crypto';
import { processCallbackEvent } from '../../bot/domain/events/process-callback-event';
import { createFollowUp } from '../../bot/domain/follow-ups/create-follow-up';
import { EXPIRE_BATCH, expireFollowUps } from '../../bot/domain/follow-ups/expire-follow-ups';
import { recordInteraction } from '../../bot/domain/follow-ups/record-interaction';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import { HANDLERS } from '../../jobs/registry';
import { type TestContext, addTestGuide, domainDeps, startTestContext } from '../helpers/harness';
import { signedPost, staff } from '../helpers/integration-client';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

// No worker (follow-ups fire only when a test says so) and a database of its own: expiry runs over every
// follow-up in the database, at times far from now.
describe('follow-up rules', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext({ worker: false, isolatedDatabase: true })));
  afterAll(() => ctx.close());

  const followUpsOf = (externalUserid: string) =>
    ctx.services.db.followUp.findMany({ where: { customer: { externalUserid } }, orderBy: { kind: 'asc' } });
  /** A customer added without a welcome_code at the simulator's `at`, its add event processed here and now. */
  async function newCustomerOf(guide: string, at = Date.now()) {
    ctx.sim.setNow(() => at);
    try {
      const name = `顾客${randomBytes(2).toString('hex')}`;
      const { externalUserid } = await ctx.sim.addCustomer({ userid: guide, name, withWelcomeCode: false });
      const event = await ctx.services.db.callbackEvent.findFirstOrThrow({ where: { externalUserid } });
      await processCallbackEvent(domainDeps(ctx), event.id);
      return externalUserid;
    } finally {
      ctx.sim.setNow(Date.now);
    }
  }
  const byKind = async (externalUserid: string) =>
    Object.fromEntries((await followUpsOf(externalUserid)).map((f) => [f.kind, f]));

  describe('validFrom', () => {
    it('closes a service reminder at once when the guide was already in touch after the purchase', async () => {
      const guide = addTestGuide(ctx.sim);
      const customer = await newCustomerOf(guide, Date.now() - 5 * HOUR_MS);
      const purchasedAt = new Date(Date.now() - 2 * HOUR_MS);
      // The chat after the purchase reaches us before the order does (a late POS upload).
      await recordInteraction(ctx.services, {
        guideUserid: guide,
        externalUserid: customer,
        source: 'ARCHIVE_IMPORT',
        occurredAt: new Date(purchasedAt.getTime() + HOUR_MS),
        externalId: `chat-${randomBytes(4).toString('hex')}`,
      });
      const order = await signedPost(ctx.app, '/api/orders', {
        orderNo: `PO${randomBytes(6).toString('hex')}`,
        externalUserid: customer,
        amountCents: 5000,
        purchasedAt: purchasedAt.toISOString(),
      });
      expect(order.status).toBe(201);
      const reminder = (await byKind(customer)).SERVICE_REMINDER;
      expect(reminder?.status).toBe('DONE');
      expect(reminder?.statusReason).toContain('ARCHIVE_IMPORT');
    });

    it('lets only an interaction after the purchase close its service reminder', async () => {
      const guide = addTestGuide(ctx.sim);
      const addedAt = Date.now() - 3 * HOUR_MS;
      const customer = await newCustomerOf(guide, addedAt);
      const purchasedAt = new Date(Date.now() - HOUR_MS);
      const order = await signedPost(ctx.app, '/api/orders', {
        orderNo: `PO${randomBytes(6).toString('hex')}`,
        externalUserid: customer,
        amountCents: 9900,
        purchasedAt: purchasedAt.toISOString(),
      });
      expect(order.status).toBe(201);
      const before = await byKind(customer);
      // The add event's CreateTime has 1-second resolution.
      expect(before.GREETING?.validFrom).toEqual(new Date(Math.floor(addedAt / 1000) * 1000));
      expect(before.INTERACTION?.validFrom).toEqual(before.GREETING?.validFrom);
      expect(before.SERVICE_REMINDER?.validFrom).toEqual(purchasedAt);

      const chat = (occurredAt: Date) =>
        recordInteraction(ctx.services, {
          guideUserid: guide,
          externalUserid: customer,
          source: 'ARCHIVE_IMPORT',
          occurredAt,
          externalId: `chat-${randomBytes(4).toString('hex')}`,
        });
      // Between the add and the purchase: greets and interacts, serves no purchase yet.
      expect(await chat(new Date(purchasedAt.getTime() - HOUR_MS))).toEqual({
        isNew: true,
        closedFollowUps: 2,
      });
      const middle = await byKind(customer);
      expect([middle.GREETING?.status, middle.INTERACTION?.status]).toEqual(['DONE', 'DONE']);
      expect(middle.SERVICE_REMINDER?.status).toBe('PENDING');

      expect(await chat(new Date(purchasedAt.getTime() + 30 * 60_000))).toEqual({
        isNew: true,
        closedFollowUps: 1,
      });
      expect((await byKind(customer)).SERVICE_REMINDER?.status).toBe('DONE');
    });

    it('starts a custom follow-up when its creator says, else at its creation', async () => {
      const guide = addTestGuide(ctx.sim);
      const customer = await newCustomerOf(guide);
      const { guideId, customerId } = await ctx.services.db.guideCustomer.findFirstOrThrow({
        where: { customer: { externalUserid: customer } },
      });
      const from = new Date(Date.now() - DAY_MS);
      const told = await createFollowUp(domainDeps(ctx), {
        kind: 'CUSTOM',
        guideId,
        customerId,
        dueAt: new Date(Date.now() + DAY_MS),
        validFrom: from,
      });
      expect(told.followUp.validFrom).toEqual(from);
      const stored = await ctx.services.db.followUp.findUniqueOrThrow({ where: { id: told.followUp.id } });
      expect(stored.validFrom).toEqual(from);
      const started = Date.now();
      const untold = await createFollowUp(domainDeps(ctx), {
        kind: 'CUSTOM',
        guideId,
        customerId,
        dueAt: new Date(Date.now() + DAY_MS),
      });
      expect(untold.followUp.validFrom.getTime()).toBeGreaterThanOrEqual(started);
    });
  });

  describe('expiry', () => {
    it('expires open system follow-ups past the corp’s expiry days, never custom ones', async () => {
      const { db } = ctx.services;
      const guide = addTestGuide(ctx.sim);
      const customer = await newCustomerOf(guide);
      const { guideId, customerId } = await db.guideCustomer.findFirstOrThrow({
        where: { customer: { externalUserid: customer } },
      });
      const { GREETING: greeting, INTERACTION: interaction } = await byKind(customer);
      const { followUp: custom } = await createFollowUp(domainDeps(ctx), {
        kind: 'CUSTOM',
        guideId,
        customerId,
        dueAt: greeting!.dueAt,
        title: '生日问候',
      });
      // The greeting was reminded and never done.
      await db.followUp.update({ where: { id: greeting!.id }, data: { status: 'REMINDED' } });

      // Just inside three days past the greeting's due time: nothing yet.
      const settings = await getCorpSettings({ db });
      expect(settings.followUpExpiryDays).toBe(3);
      await expireFollowUps(ctx.services, new Date(greeting!.dueAt.getTime() + 3 * DAY_MS - 60_000));
      expect((await db.followUp.findUniqueOrThrow({ where: { id: greeting!.id } })).status).toBe('REMINDED');

      const now = new Date(greeting!.dueAt.getTime() + 3 * DAY_MS + 60_000);
      await expireFollowUps(ctx.services, now);
      expect(await db.followUp.findUniqueOrThrow({ where: { id: greeting!.id } })).toMatchObject({
        status: 'EXPIRED',
        statusReason: 'expired: still open 3 days after it was due',
        closedAt: now,
      });
      // Due a week after the add: not expired; the custom one never is.
      expect((await db.followUp.findUniqueOrThrow({ where: { id: interaction!.id } })).status).toBe(
        'PENDING',
      );
      expect((await db.followUp.findUniqueOrThrow({ where: { id: custom.id } })).status).toBe('PENDING');

      // A corp that allows one day.
      await db.corpSettings.update({ where: { id: 1 }, data: { followUpExpiryDays: 1 } });
      try {
        await expireFollowUps(ctx.services, new Date(interaction!.dueAt.getTime() + DAY_MS + 60_000));
        expect(await db.followUp.findUniqueOrThrow({ where: { id: interaction!.id } })).toMatchObject({
          status: 'EXPIRED',
          statusReason: 'expired: still open 1 day after it was due',
        });
        expect((await db.followUp.findUniqueOrThrow({ where: { id: custom.id } })).status).toBe('PENDING');
      } finally {
        await db.corpSettings.update({ where: { id: 1 }, data: { followUpExpiryDays: 3 } });
      }
    });

    it('expires a bounded batch per reconciler run', async () => {
      const guide = addTestGuide(ctx.sim);
      const customer = await newCustomerOf(guide);
      const { guideId, customerId } = await ctx.services.db.guideCustomer.findFirstOrThrow({
        where: { customer: { externalUserid: customer } },
      });
      const stale = EXPIRE_BATCH + 1;
      await ctx.services.pool.query(
        `INSERT INTO follow_up (id, kind, guide_id, customer_id, due_at, created_at, updated_at)
         SELECT gen_random_uuid(), 'INTERACTION', $1, $2, now() - interval '10 days', now(), now()
         FROM generate_series(1, $3)`,
        [guideId, customerId, stale],
      );
      const deps = { ...domainDeps(ctx), config: ctx.config };
      const run = (await HANDLERS['reconcile-follow-ups'].run({ graceMs: 60_000 }, deps)) as {
        expired: number;
      };
      expect(run.expired).toBe(EXPIRE_BATCH);
      const again = (await HANDLERS['reconcile-follow-ups'].run({ graceMs: 60_000 }, deps)) as {
        expired: number;
      };
      expect(again.expired).toBe(1);
      expect(await ctx.services.db.followUp.count({ where: { guideId, status: 'EXPIRED' } })).toBe(stale);
    });
  });

  describe('staff API', () => {
    it('lists a guide’s open follow-ups soonest first, page by page', async () => {
      const guide = addTestGuide(ctx.sim);
      await newCustomerOf(guide);
      await newCustomerOf(guide);
      const first = await staff(ctx.app).get(`/api/v1/follow-ups?guideUserid=${guide}&limit=3`);
      expect(first.status).toBe(200);
      expect(first.body.followUps).toHaveLength(3);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await staff(ctx.app).get(
        `/api/v1/follow-ups?guideUserid=${guide}&limit=3&after=${first.body.nextCursor}`,
      );
      expect(second.body).toMatchObject({ nextCursor: null });
      const all = [...first.body.followUps, ...second.body.followUps] as { id: string; dueAt: string }[];
      expect(all).toHaveLength(4);
      expect(new Set(all.map((f) => f.id)).size).toBe(4);
      const dues = all.map((f) => Date.parse(f.dueAt));
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
      expect(first.body.followUps[0]).toMatchObject({
        kind: 'GREETING',
        status: 'PENDING',
        guide: { userid: guide },
        customer: { externalUserid: expect.any(String) },
      });

      const bad = await staff(ctx.app).get(`/api/v1/follow-ups?status=SOMETIME`);
      expect(bad.status).toBe(400);
    });

    it('marks a follow-up done for the guide HQ names, which counts as their interaction', async () => {
      const guide = addTestGuide(ctx.sim);
      const customer = await newCustomerOf(guide);
      const { GREETING: greeting } = await byKind(customer);
      const done = (body: object) =>
        staff(ctx.app).post(`/api/v1/follow-ups/${greeting!.id}/done`).send(body);

      expect((await done({})).body.error.code).toBe('guide_required');
      const wrong = await done({ guideUserid: addTestGuide(ctx.sim) });
      expect(wrong.status).toBe(404);
      expect((await ctx.services.db.followUp.findUniqueOrThrow({ where: { id: greeting!.id } })).status).toBe(
        'PENDING',
      );

      const res = await done({ guideUserid: guide });
      expect(res.status).toBe(200);
      expect(res.body.followUp).toMatchObject({
        id: greeting!.id,
        status: 'DONE',
        statusReason: 'marked done by the guide',
      });
      const closed = await staff(ctx.app).get(`/api/v1/follow-ups?guideUserid=${guide}&status=DONE`);
      const closedKinds = (closed.body.followUps as { kind: string }[]).map((f) => f.kind);
      expect(closedKinds.sort()).toEqual(['GREETING', 'INTERACTION']);
      const open = await staff(ctx.app).get(`/api/v1/follow-ups?guideUserid=${guide}`);
      expect(open.body.followUps).toEqual([]);
    });

    it('records a message the sidebar reports once, closing what it meets', async () => {
      const guide = addTestGuide(ctx.sim);
      const customer = await newCustomerOf(guide);
      const report = (body: object) =>
        staff(ctx.app).post('/api/v1/interactions/sidebar-messages').send(body);
      const body = {
        guideUserid: guide,
        externalUserid: customer,
        clientId: `msg-${randomBytes(6).toString('hex')}`,
      };
      const first = await report(body);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ isNew: true, closedFollowUps: 2 });
      expect((await report(body)).body).toEqual({ isNew: false, closedFollowUps: 0 });
      const interactions = await ctx.services.db.interaction.findMany({
        where: { customer: { externalUserid: customer } },
      });
      expect(interactions.map((i) => i.source)).toEqual(['SIDEBAR_MESSAGE']);
      expect((await report({ ...body, clientId: 'bad id!' })).status).toBe(400);
      expect((await report({ externalUserid: customer, clientId: 'abcdefgh1' })).body.error.code).toBe(
        'guide_required',
      );
    });
  });
});
