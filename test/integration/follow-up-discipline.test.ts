// Issue #11, follow-up discipline per guide-week beside the Moments audit: new customers greeted within a day,
// service reminders and 7-day interactions done on their day, follow-ups whose day ended undone; each reader
// seeing only theirs.
import request from 'supertest';
import type { FollowUpKind, FollowUpStatus } from '../../bot/generated/prisma/client';
import type { DisciplineRow } from '../../bot/http/contract/discipline';
import { type SidebarWorld, createSidebarWorld, signInStoreManager } from '../factories/sidebar-world';
import { type TestContext, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';
import { signIn } from '../helpers/sign-in';

const at = (local: string) => new Date(`${local}+08:00`);

type Row = DisciplineRow;

describe('follow-up discipline (GET /api/v1/discipline/weeks)', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  const cookies: Record<'guide' | 'manager' | 'other', string> = { guide: '', manager: '', other: '' };

  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    world = await createSidebarWorld(ctx);
    const { db } = ctx.services;
    cookies.guide = await signIn(ctx.app, ctx.sim, world.guide.userid);
    cookies.manager = await signInStoreManager(ctx, world, 'manager');
    cookies.other = await signInStoreManager(ctx, world, 'otherManager');
    // The week of 2026-11-23 in Shanghai. Two new customers: one greeted two hours after adding, one never.
    await db.guideCustomer.update({
      where: { id: world.relation.id },
      data: { addedAt: at('2026-11-24T10:00:00') },
    });
    const late = await db.customer.create({
      data: { externalUserid: 'wm_discipline_late', name: '迟到的客户' },
    });
    await db.guideCustomer.create({
      data: { guideId: world.guide.id, customerId: late.id, addedAt: at('2026-11-25T10:00:00') },
    });
    // Added the Sunday before: not this week's.
    const before = await db.customer.create({
      data: { externalUserid: 'wm_discipline_before', name: '上周的客户' },
    });
    await db.guideCustomer.create({
      data: { guideId: world.guide.id, customerId: before.id, addedAt: at('2026-11-22T23:59:00') },
    });
    const follow = (
      kind: FollowUpKind,
      due: string,
      status: FollowUpStatus,
      closed?: string,
      customerId = world.customer.id,
    ) =>
      db.followUp.create({
        data: {
          kind,
          guideId: world.guide.id,
          customerId,
          dueAt: at(due),
          status,
          ...(closed ? { closedAt: at(closed) } : {}),
        },
      });
    await follow('GREETING', '2026-11-24T10:00:00', 'DONE', '2026-11-24T12:00:00');
    await follow('GREETING', '2026-11-25T10:00:00', 'EXPIRED', '2026-11-26T10:00:00', late.id);
    await follow('SERVICE_REMINDER', '2026-11-26T10:00:00', 'DONE', '2026-11-26T20:00:00'); // on its day
    await follow('SERVICE_REMINDER', '2026-11-27T10:00:00', 'DONE', '2026-11-28T09:00:00'); // a day late
    await follow('INTERACTION', '2026-11-28T10:00:00', 'PENDING');
    await follow('INTERACTION', '2026-11-28T11:00:00', 'CANCELLED', '2026-11-28T12:00:00'); // the customer left
    await follow('INTERACTION', '2026-11-30T10:00:00', 'PENDING'); // next week's
    // The peer: a service reminder done on time.
    await db.followUp.create({
      data: {
        kind: 'SERVICE_REMINDER',
        guideId: world.peer.id,
        customerId: world.customer.id,
        dueAt: at('2026-11-29T23:00:00'),
        status: 'DONE',
        closedAt: at('2026-11-29T23:59:00'),
      },
    });
  });
  afterAll(() => ctx.close());

  const read = (cookie: string | null, query = 'week=2026-11-25') => {
    const path = `/api/v1/discipline/weeks?${query}`;
    return cookie ? request(ctx.app.callback()).get(path).set('cookie', cookie) : staff(ctx.app).get(path);
  };
  const rowOf = (res: request.Response, userid: string) =>
    (res.body.guides as Row[]).find((r) => r.guide.userid === userid);

  it('counts each guide’s week: greeted within a day, done on their day, and what was left undone', async () => {
    const res = await read(cookies.manager);
    expect(res.status).toBe(200);
    expect(res.body.week).toEqual({ start: '2026-11-23', end: '2026-11-29', timezone: 'Asia/Shanghai' });
    expect(rowOf(res, world.guide.userid)).toMatchObject({
      newCustomers: 2,
      greetedWithinDay: 1,
      serviceDue: 2,
      serviceOnTime: 1,
      interactionsDue: 1,
      interactionsOnTime: 0,
      // The late service reminder, the open interaction and the expired greeting.
      overdue: 3,
    });
    expect(rowOf(res, world.peer.userid)).toMatchObject({ serviceDue: 1, serviceOnTime: 1, overdue: 0 });
    // Most overdue first; the summary adds up every guide in scope.
    expect((res.body.guides as Row[])[0]!.guide.userid).toBe(world.guide.userid);
    expect(res.body.summary).toMatchObject({
      guides: 2,
      newCustomers: 2,
      serviceDue: 3,
      serviceOnTime: 2,
      overdue: 3,
    });
  });

  it('shows a guide their own row, a manager their store, HQ everyone, and refuses bad input', async () => {
    const users = async (cookie: string | null, query?: string) =>
      ((await read(cookie, query)).body.guides as Row[]).map((r) => r.guide.userid).sort();
    expect(await users(cookies.guide)).toEqual([world.guide.userid]);
    expect(await users(cookies.other)).not.toContain(world.guide.userid);
    expect(await users(null)).toEqual(
      expect.arrayContaining([world.guide.userid, world.peer.userid, world.outsider.userid]),
    );
    expect(await users(null, `week=2026-11-25&storeId=${world.otherStoreId}`)).toEqual([
      world.outsider.userid,
    ]);
    const page = await read(null, 'week=2026-11-25&page=2&pageSize=1');
    expect(page.body.guides).toHaveLength(1);
    expect(page.body.page).toMatchObject({ page: 2, pageSize: 1 });
    for (const bad of ['week=2026-02-30', 'storeId=x', 'page=0', 'pageSize=501']) {
      expect((await read(cookies.manager, bad)).status).toBe(400);
    }
  });
});
