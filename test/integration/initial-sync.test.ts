import { LIFECYCLE_STAGES, stageTagName } from '../../bot/domain/lifecycle/lifecycle-stage';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { type TestContext, startTestContext, waitFor } from '../helpers/harness';

const STAGE_TAGS = LIFECYCLE_STAGES.map((s) => s.tag);

describe('initial sync', () => {
  let ctx: TestContext;
  // Its own database: the tag mirror it builds is corp-wide, and other files create tags of their own.
  beforeAll(async () => (ctx = await startTestContext({ isolatedDatabase: true })));
  afterAll(() => ctx.close());

  const deps = () => ({
    db: ctx.services.db,
    pool: ctx.services.pool,
    wecom: ctx.services.wecom,
    logger: ctx.services.logger,
  });

  it("imports every guide's customers with their relations, stores and tags", async () => {
    const result = await runInitialSync(deps());
    const guides = DEMO_CORP.members.filter((m) => m.hasCustomerContact);
    const follows = DEMO_CORP.customers.flatMap((c) => c.follows.map((f) => ({ customer: c, follow: f })));
    expect(result).toMatchObject({
      guides: guides.length,
      customers: DEMO_CORP.customers.length,
      relations: follows.length,
    });

    const { db } = ctx.services;
    for (const { customer, follow } of follows) {
      const relation = await db.guideCustomer.findFirst({
        where: { guide: { userid: follow.userid }, customer: { externalUserid: customer.externalUserid } },
        include: { customer: true },
      });
      expect(relation).toMatchObject({
        status: 'ACTIVE',
        remark: follow.remark || null,
        addWay: follow.addWay,
        wecomTagIds: follow.tagIds,
        addedAt: new Date(follow.createtime * 1000),
      });
      expect(relation?.customer.name).toBe(customer.name);
    }
    for (const m of guides) {
      const guide = await db.guide.findUnique({ where: { userid: m.userid }, include: { store: true } });
      expect(guide?.store?.wecomDeptId).toBe(m.mainDepartment);
    }
    // WeCom's batch API was used, within its limits (≤100 userids, ≤100 rows a page).
    const batches = ctx.sim.callsTo('externalcontact/batch/get_by_user');
    expect(batches.length).toBeGreaterThan(0);
    for (const call of batches) {
      const body = call.body as { userid_list: string[]; limit: number };
      expect(body.userid_list.length).toBeLessThanOrEqual(100);
      expect(body.limit).toBeLessThanOrEqual(100);
    }
  });

  it('changes nothing when run again', async () => {
    const snapshot = () =>
      ctx.services.db.guideCustomer.findMany({
        where: { customer: { externalUserid: { in: DEMO_CORP.customers.map((c) => c.externalUserid) } } },
        orderBy: { id: 'asc' },
        select: { id: true, status: true, remark: true, wecomTagIds: true, guideId: true, customerId: true },
      });
    const before = await snapshot();
    await runInitialSync(deps());
    expect(await snapshot()).toEqual(before);
  });

  it('runs as a job, with the same result, and gives the imported customers their lifecycle stage', async () => {
    const job = await ctx.services.queues.queue('initial-sync').add({});
    expect(await job.finished()).toMatchObject({ customers: DEMO_CORP.customers.length });
    const unstaged = () => ctx.services.db.customer.count({ where: { lifecycleStage: null } });
    await waitFor(async () => (await unstaged()) === 0, 20_000);
    // Every active relation carries exactly the stage tag of its customer's stage.
    const relations = await ctx.services.db.guideCustomer.findMany({
      where: { status: 'ACTIVE' },
      include: { customer: true, tags: { include: { tag: { include: { group: true } } } } },
    });
    expect(relations.length).toBeGreaterThan(0);
    for (const r of relations) {
      const stageTags = r.tags
        .filter((t) => t.tag.group.name === '运营标签' && STAGE_TAGS.includes(t.tag.name))
        .map((t) => t.tag.name);
      expect(stageTags).toEqual([stageTagName(r.customer.lifecycleStage!)]);
    }
  });
});
