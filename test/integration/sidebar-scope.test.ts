import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createTag } from '../factories/group-world';
import {
  ALLOWED,
  REFUSED,
  type SidebarWorld,
  addSimStaff,
  createFollowUpRow,
  createSidebarWorld,
} from '../factories/sidebar-world';
import { type TestContext, startTestContext } from '../helpers/harness';
import { signIn } from '../helpers/sign-in';

type Who = keyof SidebarWorld['actors'];
const EVERYONE: Who[] = [...REFUSED, ...ALLOWED];
const HQ_USERID = `hq_${randomBytes(3).toString('hex')}`;

/**
 * Every endpoint the sidebar calls, through real WeCom sign-ins (OAuth against the simulator, session cookie):
 * the guide, their store's manager (a leader of the store's department) and HQ get the first guide's customer;
 * a second guide of the same store and the manager of another store get a 404, the same as for nothing at all.
 */
describe('who sees a guide’s customer, through sidebar sessions', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  const cookies = {} as Record<Who, string>;
  const userids = {} as Record<Who, string>;

  beforeAll(async () => {
    ctx = await startTestContext({ env: { HQ_USERIDS: HQ_USERID } });
    world = await createSidebarWorld(ctx);
    const { db } = ctx.services;
    const member = (userid: string, name: string) => addSimStaff(ctx.sim, userid, name);
    const manager = world.actors.manager.kind === 'store_manager' ? world.actors.manager.userid : '';
    const otherManager =
      world.actors.otherManager.kind === 'store_manager' ? world.actors.otherManager.userid : '';
    member(manager, '店长甲');
    member(otherManager, '店长丙');
    member(HQ_USERID, '总部运营');
    await db.store.update({ where: { id: world.storeId }, data: { leaderUserids: [manager] } });
    await db.store.update({ where: { id: world.otherStoreId }, data: { leaderUserids: [otherManager] } });
    Object.assign(userids, {
      guide: world.guide.userid,
      peer: world.peer.userid,
      manager,
      otherManager,
      hq: HQ_USERID,
    });
    for (const who of EVERYONE) cookies[who] = await signIn(ctx.app, ctx.sim, userids[who]);
  });
  afterAll(() => ctx.close());

  const as = (who: Who) => {
    const agent = request(ctx.app.callback());
    const cookie = cookies[who];
    return {
      get: (path: string) => agent.get(`/api/v1${path}`).set('cookie', cookie),
      post: (path: string, body: object = {}) =>
        agent.post(`/api/v1${path}`).set('cookie', cookie).send(body),
      patch: (path: string, body: object) => agent.patch(`/api/v1${path}`).set('cookie', cookie).send(body),
    };
  };
  /** Non-guides name the guide they act for; a guide acts as themselves. */
  const actingAs = (who: Who) =>
    who === 'guide' || who === 'peer' ? {} : { guideUserid: world.guide.userid };
  const pair = () => ({ guideId: world.guide.id, customerId: world.customer.id });
  const expect404 = (res: request.Response) => {
    expect(res.status).toBe(404);
    expect(res.body.error.code).toMatch(/_not_found$/);
  };

  it('signs each of them in with their role', async () => {
    const roles = await Promise.all(
      EVERYONE.map(async (who) => [who, (await as(who).get('/me')).body.role as string] as const),
    );
    expect(Object.fromEntries(roles)).toEqual({
      guide: 'guide',
      peer: 'guide',
      manager: 'store_manager',
      otherManager: 'store_manager',
      hq: 'hq',
    });
  });

  it('GET /customer-view', async () => {
    const path = `/customer-view?externalUserid=${world.customer.externalUserid}`;
    for (const who of REFUSED) expect404(await as(who).get(path));
    for (const who of ALLOWED) {
      const res = await as(who).get(path);
      expect(res.status).toBe(200);
      expect(res.body.relationId).toBe(world.relation.id);
    }
  });

  it('PATCH /relations/:id/remark', async () => {
    const path = `/relations/${world.relation.id}/remark`;
    for (const who of REFUSED) expect404(await as(who).patch(path, { remark: who }));
    for (const who of ALLOWED) {
      const res = await as(who).patch(path, { remark: who });
      expect(res.status).toBe(200);
      expect(res.body.remark).toBe(who);
    }
    const row = await ctx.services.db.guideCustomer.findUniqueOrThrow({ where: { id: world.relation.id } });
    expect(row.remark).toBe('hq');
  });

  it('POST /follow-ups/:id/snooze', async () => {
    const f = await createFollowUpRow(ctx.services.db, pair(), { dueAt: new Date(Date.now() - 60_000) });
    const until = '2031-03-03T10:00:00+08:00';
    for (const who of REFUSED) expect404(await as(who).post(`/follow-ups/${f.id}/snooze`, { until }));
    for (const who of ALLOWED) {
      const res = await as(who).post(`/follow-ups/${f.id}/snooze`, { until });
      expect(res.status).toBe(200);
      expect(res.body.followUp.dueAt).toBe(new Date(until).toISOString());
    }
  });

  it('GET /relations/:id/timeline', async () => {
    for (const who of REFUSED) expect404(await as(who).get(`/relations/${world.relation.id}/timeline`));
    for (const who of ALLOWED) {
      const res = await as(who).get(`/relations/${world.relation.id}/timeline`);
      expect(res.status).toBe(200);
      expect((res.body.items as { kind: string }[]).map((i) => i.kind)).toContain('added');
    }
  });

  it('GET /scripts?relationId', async () => {
    for (const who of REFUSED) expect404(await as(who).get(`/scripts?relationId=${world.relation.id}`));
    for (const who of ALLOWED)
      expect((await as(who).get(`/scripts?relationId=${world.relation.id}`)).status).toBe(200);
    // Scripts themselves are for everyone; managing them is HQ's.
    expect((await as('peer').get('/scripts')).status).toBe(200);
    const draft = { kind: 'text', category: '开场', title: '问候', content: '{客户}您好' };
    expect((await as('manager').post('/scripts', draft)).status).toBe(403);
    expect((await as('hq').post('/scripts', draft)).status).toBe(201);
  });

  it('GET /my-day and GET /follow-ups list the follow-up only to those in scope', async () => {
    const f = await createFollowUpRow(ctx.services.db, pair(), { dueAt: new Date(Date.now() - 120_000) });
    for (const who of EVERYONE) {
      const day = await as(who).get('/my-day');
      const list = await as(who).get('/follow-ups?limit=200');
      expect([day.status, list.status]).toEqual([200, 200]);
      const inDay = (day.body.followUps as { id: string }[]).some((x) => x.id === f.id);
      const inList = (list.body.followUps as { id: string }[]).some((x) => x.id === f.id);
      const allowed = (ALLOWED as readonly Who[]).includes(who);
      expect({ who, inDay, inList }).toEqual({ who, inDay: allowed, inList: allowed });
    }
    // A guide naming another guide in the filter still sees only their own.
    const named = await as('peer').get(`/follow-ups?guideUserid=${world.guide.userid}`);
    expect(named.body.followUps).toEqual([]);
  });

  it('POST /follow-ups/:id/done', async () => {
    const rows = await Promise.all(
      ALLOWED.map(() => createFollowUpRow(ctx.services.db, pair(), { dueAt: new Date(Date.now() - 60_000) })),
    );
    for (const who of REFUSED) {
      expect404(await as(who).post(`/follow-ups/${rows[0]!.id}/done`, actingAs(who)));
    }
    expect((await ctx.services.db.followUp.findUniqueOrThrow({ where: { id: rows[0]!.id } })).status).toBe(
      'PENDING',
    );
    for (const [i, who] of ALLOWED.entries()) {
      const res = await as(who).post(`/follow-ups/${rows[i]!.id}/done`, actingAs(who));
      expect(res.status).toBe(200);
      expect(res.body.followUp.status).toBe('DONE');
    }
  });

  it('POST /interactions/sidebar-messages', async () => {
    const body = (who: Who) => ({
      ...actingAs(who),
      externalUserid: world.customer.externalUserid,
      clientId: `m-${who}-${randomBytes(4).toString('hex')}`,
    });
    const before = await ctx.services.db.interaction.count({
      where: { ...pair(), source: 'SIDEBAR_MESSAGE' },
    });
    for (const who of REFUSED) expect404(await as(who).post('/interactions/sidebar-messages', body(who)));
    expect(await ctx.services.db.interaction.count({ where: { ...pair(), source: 'SIDEBAR_MESSAGE' } })).toBe(
      before,
    );
    for (const who of ALLOWED)
      expect((await as(who).post('/interactions/sidebar-messages', body(who))).status).toBe(201);
    expect(await ctx.services.db.interaction.count({ where: { ...pair(), source: 'SIDEBAR_MESSAGE' } })).toBe(
      before + ALLOWED.length,
    );
  });

  it('GET and POST /relations/:id/tags, GET /relations/lookup', async () => {
    const tag = await createTag(ctx.services.db);
    const tags = `/relations/${world.relation.id}/tags`;
    const lookup = `/relations/lookup?guideUserid=${world.guide.userid}&externalUserid=${world.customer.externalUserid}`;
    for (const who of REFUSED) {
      expect404(await as(who).get(tags));
      expect404(await as(who).post(tags, { add: [tag.id] }));
      expect404(await as(who).get(lookup));
    }
    expect(
      await ctx.services.db.tagChange.count({ where: { relationId: world.relation.id, tagId: tag.id } }),
    ).toBe(0);
    for (const who of ALLOWED) {
      expect((await as(who).get(tags)).status).toBe(200);
      const res = await as(who).post(tags, { add: [tag.id] });
      expect(res.status).toBe(200);
      expect((res.body.corpTags as { id: string }[]).map((t) => t.id)).toContain(tag.id);
      expect((await as(who).get(lookup)).body).toEqual({ relationId: world.relation.id });
    }
  });
});
