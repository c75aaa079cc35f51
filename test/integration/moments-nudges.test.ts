// Issue #11, the desk's nudge: a store manager or HQ sends a guide an app message (message/send, through the
// simulator) saying what their Moments week still lacks; at most once a guide a day, never for a week on plan,
// and a refusal by WeCom leaves the day's nudge unspent.
import request from 'supertest';
import { type SidebarWorld, createSidebarWorld, signInStoreManager } from '../factories/sidebar-world';
import { type TestContext, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';
import { signIn } from '../helpers/sign-in';

describe('nudging a guide about their Moments week (POST /api/v1/moments/nudges)', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  const cookies: Record<'guide' | 'manager' | 'other', string> = { guide: '', manager: '', other: '' };

  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    world = await createSidebarWorld(ctx);
    cookies.guide = await signIn(ctx.app, ctx.sim, world.guide.userid);
    cookies.manager = await signInStoreManager(ctx, world, 'manager');
    cookies.other = await signInStoreManager(ctx, world, 'otherManager');
  });
  afterAll(() => ctx.close());

  const nudge = (cookie: string | null, body: object) => {
    const req = cookie
      ? request(ctx.app.callback()).post('/api/v1/moments/nudges').set('cookie', cookie)
      : staff(ctx.app).post('/api/v1/moments/nudges');
    return req.send(body);
  };
  // The nudges only: in working hours the guide may also get the reminder of a follow-up due.
  const messagesTo = (userid: string) =>
    ctx.sim.state.appMessages.filter(
      (m) =>
        (m.deliveredTo.includes(userid) || m.invalidUsers.includes(userid)) &&
        JSON.stringify(m.body).includes('朋友圈'),
    );
  const nudges = () => ctx.services.db.momentNudge.count();

  it('sends the guide what the week lacks, once a day', async () => {
    const sent = await nudge(cookies.manager, { userid: world.guide.userid });
    expect(sent.status).toBe(201);
    const [message] = messagesTo(world.guide.userid);
    const content = (message!.body as { text: { content: string } }).text.content;
    expect(content).toBe(sent.body.text);
    // Nothing posted this week: every "at least" rule is missing, the "at most" ones are met.
    expect(content).toContain('发圈 0/6 天，还差 6 天');
    expect(content).toContain('产品内容 0/4 天，还差 4 天');
    expect(content).toContain('生活内容 0/2 天');
    expect(content).toContain('黄金时段');
    expect(content).not.toContain('品牌广告');
    expect(content).not.toContain('不合规');

    const again = await nudge(null, { userid: world.guide.userid });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_nudged');
    expect(messagesTo(world.guide.userid)).toHaveLength(1);
    expect(await nudges()).toBe(1);
    // The week table says who was nudged today, so the desk offers no second nudge.
    const week = await request(ctx.app.callback())
      .get('/api/v1/moments/weeks')
      .set('cookie', cookies.manager);
    expect(week.body.nudgedToday).toEqual([world.guide.userid]);
  });

  it('refuses a guide, a manager of another store, an unknown guide and bad input, sending nothing', async () => {
    const before = ctx.sim.state.appMessages.length;
    expect((await nudge(cookies.guide, { userid: world.peer.userid })).status).toBe(403);
    const elsewhere = await nudge(cookies.other, { userid: world.peer.userid });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('guide_not_found');
    expect((await nudge(null, { userid: 'nobody' })).status).toBe(404);
    for (const bad of [
      {},
      { userid: '' },
      { userid: world.peer.userid, week: '2026-02-30' },
      { userid: 1 },
    ]) {
      expect((await nudge(cookies.manager, bad)).status).toBe(400);
    }
    expect(ctx.sim.state.appMessages.length).toBe(before);
    expect(await nudges()).toBe(1);
  });

  it('leaves the day’s nudge unspent when WeCom refuses the message', async () => {
    ctx.sim.failNext('message/send', 45009);
    const refused = await nudge(cookies.manager, { userid: world.peer.userid });
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(await nudges()).toBe(1);
    // A guide who left the app's visible range: WeCom has nobody to send to (81013).
    ctx.sim.state.members.delete(world.peer.userid);
    const gone = await nudge(cookies.manager, { userid: world.peer.userid });
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe('guide_unreachable');
    expect(await nudges()).toBe(1);
  });

  it('does not nudge a week that is on plan', async () => {
    const { body: settings } = await staff(ctx.app).get('/api/v1/moments/settings');
    const lax = { ...settings.plan, postingDays: 0, productDays: 0, lifeDays: 0, bestWindowPosts: 0 };
    expect((await staff(ctx.app).put('/api/v1/moments/settings').send({ plan: lax })).status).toBe(200);
    const onPlan = await nudge(null, { userid: world.outsider.userid });
    expect(onPlan.status).toBe(409);
    expect(onPlan.body.error.code).toBe('week_on_plan');
    expect(await nudges()).toBe(1);
  });
});
