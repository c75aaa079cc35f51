import { DateTime } from 'luxon';
import { followUpJobId } from '../../bot/domain/follow-ups/create-follow-up';
import { findFollowUpToRemind } from '../../bot/domain/follow-ups/find-follow-up-to-remind';
import { sendReminderDigest } from '../../bot/domain/follow-ups/send-reminder-digest';
import { snoozeFollowUp } from '../../bot/domain/follow-ups/snooze-follow-up';
import { getMyDay } from '../../bot/domain/my-day/get-my-day';
import { createCustomer, createRelation } from '../factories/group-world';
import {
  ALLOWED,
  REFUSED,
  type SidebarWorld,
  createFollowUpRow,
  createSidebarWorld,
} from '../factories/sidebar-world';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';

const SHANGHAI = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('snoozing a follow-up (POST /follow-ups/:id/snooze)', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext()));
  afterAll(() => ctx.close());

  /** A world whose own follow-ups are out of the way, and one follow-up the guide was reminded of an hour ago. */
  async function remindedFollowUp(): Promise<{ world: SidebarWorld; id: string; dueAt: Date }> {
    const world = await createSidebarWorld(ctx);
    const { db } = ctx.services;
    const pair = { guideId: world.guide.id, customerId: world.customer.id };
    await db.followUp.updateMany({ where: pair, data: { status: 'CANCELLED' } });
    const dueAt = new Date(Date.now() - 3600_000);
    const row = await createFollowUpRow(db, pair, { dueAt, status: 'REMINDED', title: '回访' });
    return { world, id: row.id, dueAt };
  }
  const snooze = (id: string, body: unknown) =>
    staff(ctx.app)
      .post(`/api/v1/follow-ups/${id}/snooze`)
      .send(body as object);

  it('moves it later and reminds the guide at the new time, not the old one', async () => {
    const { world, id, dueAt: oldDue } = await remindedFollowUp();
    const until = DateTime.now()
      .setZone(SHANGHAI)
      .plus({ days: 1 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const res = await snooze(id, { until: until.toISO() });
    expect(res.status).toBe(200);
    expect(res.body.followUp).toMatchObject({ id, status: 'PENDING', dueAt: until.toJSDate().toISOString() });
    expect(res.body.followUp.statusReason).toContain('snoozed');

    // A job keyed by the new due time is waiting, delayed until then.
    const snoozed = await ctx.services.db.followUp.findUniqueOrThrow({ where: { id } });
    const job = await ctx.services.queues.queue('follow-up-due').getJob(followUpJobId(snoozed));
    expect(job).not.toBeNull();
    expect(job!.timestamp + Number(job!.opts.delay)).toBeGreaterThanOrEqual(until.toMillis() - 1000);
    expect(job!.timestamp + Number(job!.opts.delay)).toBeLessThanOrEqual(until.toMillis() + 1000);

    // A job for the old time (or any time before the new one) finds nothing to remind; at the new time it does.
    const deps = domainDeps(ctx);
    expect(await findFollowUpToRemind(deps, id, oldDue.getTime())).toBe('not due');
    expect(await findFollowUpToRemind(deps, id, until.toMillis())).toMatchObject({ id });

    // The digest at the new time lists it (it is PENDING again) and marks it reminded anew.
    const sends = ctx.sim.callsTo('message/send').length;
    const outcome = await sendReminderDigest(
      { ...deps, agentId: ctx.config.wecom.agentId, sidebarUrl: undefined },
      world.guide.id,
      until.plus({ minutes: 1 }).toJSDate(),
    );
    expect(outcome).toEqual({ sent: true, count: 1 });
    const digest = ctx.sim.callsTo('message/send').slice(sends).at(-1)!;
    expect(JSON.stringify(digest.body)).toContain(world.customer.name);
    expect(await ctx.services.db.followUp.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'REMINDED',
      remindedAt: until.plus({ minutes: 1 }).toJSDate(),
    });
  });

  it('keeps the new time inside working hours', async () => {
    const { world, id } = await remindedFollowUp();
    const late = DateTime.now()
      .setZone(SHANGHAI)
      .plus({ days: 1 })
      .set({ hour: 23, minute: 30, second: 0, millisecond: 0 });
    const done = await snoozeFollowUp(domainDeps(ctx), world.actors.guide, {
      followUpId: id,
      until: late.toJSDate(),
    });
    const opening = late.plus({ days: 1 }).set({ hour: 9, minute: 0 });
    expect(done.dueAt).toEqual(opening.toJSDate());
  });

  it('refuses a time not in the future, a closed follow-up, bad input and unknown ids, changing nothing', async () => {
    const { world, id, dueAt } = await remindedFollowUp();
    const { db } = ctx.services;
    const past = await snooze(id, { until: new Date(Date.now() - 60_000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error.code).toBe('snooze_not_later');
    for (const body of [
      {},
      { until: '2026-12-01T10:00:00' },
      { until: '2026-02-30T10:00:00+08:00' },
      { until: '2200-01-01T00:00:00Z' },
      { until: 'tomorrow' },
      { until: 'a\u0000' },
      { until: DateTime.now().plus({ days: 1 }).toISO(), extra: 1 },
    ]) {
      expect((await snooze(id, body)).status).toBe(400);
    }
    expect((await snooze('nope', { until: '2030-01-01T10:00:00+08:00' })).status).toBe(400);
    const unknown = await snooze('00000000-0000-4000-8000-000000000000', {
      until: '2030-01-01T10:00:00+08:00',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('follow_up_not_found');
    expect(await db.followUp.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'REMINDED',
      dueAt,
    });

    const closed = await createFollowUpRow(
      db,
      { guideId: world.guide.id, customerId: world.customer.id },
      {
        dueAt,
        status: 'DONE',
        closedAt: new Date(),
      },
    );
    const refused = await snooze(closed.id, { until: '2030-01-01T10:00:00+08:00' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('follow_up_closed');
    expect(await db.followUp.findUniqueOrThrow({ where: { id: closed.id } })).toMatchObject({
      status: 'DONE',
      dueAt,
    });
  });

  it('lets the guide, their manager and HQ snooze it; another guide or store gets a 404', async () => {
    const { world, id, dueAt } = await remindedFollowUp();
    const deps = domainDeps(ctx);
    for (const who of REFUSED) {
      await expect(
        snoozeFollowUp(deps, world.actors[who], { followUpId: id, until: new Date(Date.now() + 86_400_000) }),
      ).rejects.toMatchObject({ status: 404, code: 'follow_up_not_found' });
    }
    expect((await ctx.services.db.followUp.findUniqueOrThrow({ where: { id } })).dueAt).toEqual(dueAt);
    for (const [i, who] of ALLOWED.entries()) {
      const until = DateTime.now()
        .setZone(SHANGHAI)
        .plus({ days: 2 + i })
        .set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
      const done = await snoozeFollowUp(deps, world.actors[who], { followUpId: id, until: until.toJSDate() });
      expect(done.dueAt).toEqual(until.toJSDate());
    }
  });
});

describe('the guide’s day (GET /my-day)', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext()));
  afterAll(() => ctx.close());

  // A fixed day far from the suite's own clock, so what is "today" never depends on when the suite runs.
  const now = at('2030-06-15T12:00:00+08:00');

  it('lists open follow-ups due by the end of today, overdue first, with counts, over the actor’s scope', async () => {
    const world = await createSidebarWorld(ctx, '王小美');
    const { db } = ctx.services;
    const pair = { guideId: world.guide.id, customerId: world.customer.id };
    await db.followUp.updateMany({ where: pair, data: { status: 'CANCELLED' } });
    await db.guideCustomer.update({ where: { id: world.relation.id }, data: { remark: '小王' } });
    const overdue = await createFollowUpRow(db, pair, {
      dueAt: at('2030-06-14T15:00:00+08:00'),
      title: '昨天的',
    });
    const later = await createFollowUpRow(db, pair, {
      dueAt: at('2030-06-15T18:00:00+08:00'),
      status: 'REMINDED',
      kind: 'SERVICE_REMINDER',
    });
    await createFollowUpRow(db, pair, { dueAt: at('2030-06-16T10:00:00+08:00') });
    await createFollowUpRow(db, pair, {
      dueAt: at('2030-06-15T09:00:00+08:00'),
      status: 'DONE',
      closedAt: at('2030-06-15T09:30:00+08:00'),
    });
    await createFollowUpRow(db, pair, {
      dueAt: at('2030-06-14T09:00:00+08:00'),
      status: 'DONE',
      closedAt: at('2030-06-14T20:00:00+08:00'),
    });
    await createFollowUpRow(db, pair, { dueAt: at('2030-06-15T10:00:00+08:00'), status: 'CANCELLED' });
    // The peer's own customer, due today too.
    const peersCustomer = await createCustomer(db);
    await createRelation(db, world.peer.id, peersCustomer.id);
    const peers = await createFollowUpRow(
      db,
      { guideId: world.peer.id, customerId: peersCustomer.id },
      {
        dueAt: at('2030-06-15T13:00:00+08:00'),
      },
    );

    const deps = domainDeps(ctx);
    const day = await getMyDay(deps, world.actors.guide, now);
    expect(day.date).toBe('2030-06-15');
    expect(day.followUps.map((f) => [f.id, f.isOverdue])).toEqual([
      [overdue.id, true],
      [later.id, false],
    ]);
    expect(day.followUps[0]).toMatchObject({
      relationId: world.relation.id,
      customer: { externalUserid: world.customer.externalUserid, name: '王小美', remark: '小王' },
      guide: { userid: world.guide.userid },
    });
    expect(day.counts).toEqual({ dueToday: 1, overdue: 1, doneToday: 1 });

    const idsFor = async (who: keyof SidebarWorld['actors']) =>
      (await getMyDay(deps, world.actors[who], now)).followUps.map((f) => f.id);
    expect(await idsFor('peer')).toEqual([peers.id]);
    expect(await idsFor('manager')).toEqual(expect.arrayContaining([overdue.id, later.id, peers.id]));
    expect(await idsFor('otherManager')).toEqual(
      expect.not.arrayContaining([overdue.id, later.id, peers.id]),
    );
    expect(await idsFor('hq')).toEqual(expect.arrayContaining([overdue.id, later.id, peers.id]));
  });

  it('answers the route with today’s date in Asia/Shanghai and a slot for Moments', async () => {
    const world = await createSidebarWorld(ctx);
    const { db } = ctx.services;
    // Overdue by a minute: listed whatever the time of day the suite runs at.
    const soon = await createFollowUpRow(
      db,
      { guideId: world.guide.id, customerId: world.customer.id },
      {
        dueAt: new Date(Date.now() - 60_000),
        title: '补发赠品',
      },
    );
    const res = await staff(ctx.app).get('/api/v1/my-day');
    expect(res.status).toBe(200);
    expect(res.body.date).toBe(DateTime.now().setZone(SHANGHAI).toFormat('yyyy-MM-dd'));
    expect(res.body).toMatchObject({ generatedAt: expect.any(String) });
    const listed = (res.body.followUps as { id: string; relationId: string; isOverdue: boolean }[]).find(
      (f) => f.id === soon.id,
    );
    expect(listed).toMatchObject({ relationId: world.relation.id, isOverdue: true });
  });
});
