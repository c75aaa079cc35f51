import { DateTime } from 'luxon';
import { runInitialSync } from '../../bot/domain/sync/initial-sync';
import { HANDLERS } from '../../jobs/registry';
import { TAG } from '../wecom-sim/demo/demo-tags';
import { type TestContext, addTestGuide, domainDeps, startTestContext, waitFor } from '../helpers/harness';
import { signedPost } from '../helpers/integration-client';

describe('lifecycle stages and purchase tags', () => {
  let ctx: TestContext;
  // Its own database: the sweep covers every customer, and the stage tags are corp-wide.
  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    await runInitialSync(domainDeps(ctx));
  });
  afterAll(() => ctx.close());

  const jobCtx = () => ({ ...domainDeps(ctx), config: ctx.config });
  const sweep = (now: Date) =>
    HANDLERS['update-lifecycle-stages'].run({ now: now.toISOString() }, jobCtx()) as Promise<{
      changed: number;
    }>;
  const simTags = (guide: string, externalUserid: string) =>
    ctx.sim.state.relations.find((r) => r.userid === guide && r.externalUserid === externalUserid)!.tagIds;
  const tagNamesOf = async (externalUserid: string) =>
    (
      await ctx.services.db.relationTag.findMany({
        where: { relation: { customer: { externalUserid } } },
        include: { tag: true },
      })
    )
      .map((l) => l.tag.name)
      .sort();
  const wecomIdOf = async (name: string) =>
    (await ctx.services.db.tag.findFirstOrThrow({ where: { name, deletedAt: null } })).wecomTagId;

  async function customerJoined(joinedAt: Date): Promise<{ guide: string; externalUserid: string }> {
    const guide = addTestGuide(ctx.sim);
    const { externalUserid } = await ctx.sim.addCustomer({
      userid: guide,
      name: '周期顾客',
      withWelcomeCode: false,
    });
    await waitFor(async () => {
      const c = await ctx.services.db.customer.findUnique({ where: { externalUserid } });
      return c?.joinedAt ? c : undefined;
    });
    await ctx.services.db.customer.update({ where: { externalUserid }, data: { joinedAt } });
    return { guide, externalUserid };
  }

  const shanghai = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toJSDate();

  it('moves a customer to the next stage when whole months pass, in our tags and in WeCom, and only then', async () => {
    const joined = shanghai('2026-03-10T12:00');
    const { guide, externalUserid } = await customerJoined(joined);
    await sweep(shanghai('2026-06-10T11:59'));
    expect(await tagNamesOf(externalUserid)).toEqual(['入会期']);
    await ctx.services.queues.enqueue('reconcile-tag-changes', {});
    await waitFor(() => simTags(guide, externalUserid).includes(TAG.onboarding));

    await sweep(shanghai('2026-06-10T12:01'));
    expect(await tagNamesOf(externalUserid)).toEqual(['唤醒期']);
    await ctx.services.queues.enqueue('reconcile-tag-changes', {});
    await waitFor(() => simTags(guide, externalUserid).includes(TAG.awakening));
    expect(simTags(guide, externalUserid)).not.toContain(TAG.onboarding);

    // The same day again: nothing changes, nothing is pushed.
    const changes = await ctx.services.db.tagChange.count({
      where: { relation: { customer: { externalUserid } } },
    });
    const marks = ctx.sim.callsTo('externalcontact/mark_tag').length;
    const again = await sweep(shanghai('2026-06-10T23:00'));
    expect(again.changed).toBe(0);
    await ctx.services.queues.enqueue('reconcile-tag-changes', {});
    await new Promise((r) => setTimeout(r, 500));
    expect(ctx.sim.callsTo('externalcontact/mark_tag')).toHaveLength(marks);
    expect(
      await ctx.services.db.tagChange.count({ where: { relation: { customer: { externalUserid } } } }),
    ).toBe(changes);
  });

  it('names every stage by whole months, and creates 流失期 in WeCom when the corp lacks it', async () => {
    const now = shanghai('2026-11-24T10:00');
    const cases: Array<[string, string]> = [
      ['2026-08-25T10:00', '入会期'],
      ['2026-08-24T09:00', '唤醒期'],
      ['2026-03-01T10:00', '流失召回期'],
      ['2025-12-01T10:00', '沉睡期'],
      ['2024-01-01T10:00', '流失期'],
    ];
    const customers = [];
    for (const [joinedAt] of cases) customers.push(await customerJoined(shanghai(joinedAt)));
    await sweep(now);
    for (const [i, [, stage]] of cases.entries())
      expect(await tagNamesOf(customers[i]!.externalUserid)).toEqual([stage]);
    const lapsed = ctx.sim.state.tagGroups
      .flatMap((g) => g.tags)
      .find((t) => t.name === '流失期' && !t.deleted);
    expect(lapsed).toBeDefined();
    expect(await wecomIdOf('流失期')).toBe(lapsed!.id);
  });

  it('tags spend band, order value band and preferred category after a purchase, and restarts the clock', async () => {
    const { guide, externalUserid } = await customerJoined(shanghai('2025-01-01T10:00'));
    await sweep(new Date());
    expect(await tagNamesOf(externalUserid)).toEqual(['流失期']);
    const order = (orderNo: string, amountCents: number, category: string, quantity: number) =>
      signedPost(ctx.app, '/api/orders', {
        orderNo,
        externalUserid,
        guideUserid: guide,
        amountCents,
        items: [{ name: '商品', category, quantity, priceCents: Math.round(amountCents / quantity) }],
        purchasedAt: new Date().toISOString(),
      }).expect(201);
    await order(`o-${externalUserid}-1`, 600_000, '零食', 3);
    const afterFirst = ['偏好零食', '入会期', '高客单价', '高消费'].sort();
    await waitFor(
      async () => JSON.stringify(await tagNamesOf(externalUserid)) === JSON.stringify(afterFirst),
    );
    await order(`o-${externalUserid}-2`, 10_000, '特产', 5);
    // 610,000 over two orders: still 高消费, order value 305,000 → still 高客单价; 特产 bought more often now.
    const afterSecond = ['偏好特产', '入会期', '高客单价', '高消费'].sort();
    await waitFor(
      async () => JSON.stringify(await tagNamesOf(externalUserid)) === JSON.stringify(afterSecond),
    );
    const customer = await ctx.services.db.customer.findUniqueOrThrow({ where: { externalUserid } });
    expect(customer).toMatchObject({ orderCount: 2, spendCents: 610_000n, preferredCategory: '特产' });
    await ctx.services.queues.enqueue('reconcile-tag-changes', {});
    const wanted = await Promise.all(['偏好特产', '入会期', '高客单价', '高消费'].map(wecomIdOf));
    await waitFor(() => wanted.every((id) => simTags(guide, externalUserid).includes(id)));
    expect(simTags(guide, externalUserid)).not.toContain(await wecomIdOf('偏好零食'));
  });

  it("uses the corp's own bands when set", async () => {
    await ctx.services.db.corpSettings.update({
      where: { id: 1 },
      data: {
        spendBands: [
          { name: '钻石会员', minCents: 1_000_000 },
          { name: '普通会员', minCents: 0 },
        ],
      },
    });
    try {
      const { guide, externalUserid } = await customerJoined(new Date());
      await signedPost(ctx.app, '/api/orders', {
        orderNo: `o-${externalUserid}`,
        externalUserid,
        guideUserid: guide,
        amountCents: 2_000_000,
        purchasedAt: new Date().toISOString(),
      }).expect(201);
      await waitFor(async () => ((await tagNamesOf(externalUserid)).includes('钻石会员') ? true : undefined));
      expect(await tagNamesOf(externalUserid)).not.toContain('高消费');
    } finally {
      await ctx.services.db.corpSettings.update({ where: { id: 1 }, data: { spendBands: [] } });
    }
  });

  it('catches up on purchase figures whose job was lost', async () => {
    const { guide, externalUserid } = await customerJoined(new Date());
    const customer = await ctx.services.db.customer.findUniqueOrThrow({ where: { externalUserid } });
    const g = await ctx.services.db.guide.findUniqueOrThrow({ where: { userid: guide } });
    // An order stored without its refresh job (as if Redis had been flushed).
    await ctx.services.db.order.create({
      data: {
        orderNo: `lost-${externalUserid}`,
        source: 'pos',
        customerId: customer.id,
        guideId: g.id,
        amountCents: 150_000,
        purchasedAt: new Date(),
      },
    });
    await sweep(new Date());
    expect(await ctx.services.db.customer.findUniqueOrThrow({ where: { externalUserid } })).toMatchObject({
      orderCount: 1,
      spendCents: 150_000n,
    });
    expect(await tagNamesOf(externalUserid)).toContain('中消费');
  });
});
