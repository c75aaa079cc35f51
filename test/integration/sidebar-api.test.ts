import { randomBytes } from 'node:crypto';
import type { Actor } from '../../bot/domain/access/actor';
import { getCustomerView } from '../../bot/domain/customer-view/get-customer-view';
import { updateRelationRemark } from '../../bot/domain/customer-view/update-relation-remark';
import { createGroup } from '../../bot/domain/groups/create-group';
import { addListMembers } from '../../bot/domain/groups/change-list-members';
import {
  ALLOWED,
  REFUSED,
  type SidebarWorld,
  createOrderRow,
  createSidebarWorld,
} from '../factories/sidebar-world';
import { createTag } from '../factories/group-world';
import { type TestContext, domainDeps, startTestContext, waitFor } from '../helpers/harness';
import { staff } from '../helpers/integration-client';

// Its own database: the view lists every tag group and every member group, which are corp-wide.
describe('the customer view (GET /customer-view)', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext({ isolatedDatabase: true })));
  afterAll(() => ctx.close());

  it('shows the guide their customer, tags, groups, purchases and follow-ups in one read', async () => {
    const { db } = ctx.services;
    const world = await createSidebarWorld(ctx, '王小美');
    const [vip, other] = [await createTag(db, 'VIP'), await createTag(db, '冷链')];
    await db.relationTag.create({ data: { relationId: world.relation.id, tagId: vip.id } });
    const way = await db.contactWay.create({
      data: {
        configId: `cfg_${randomBytes(4).toString('hex')}`,
        state: `st${randomBytes(4).toString('hex')}`,
        name: '五一店门口',
        purpose: 'STORE',
        type: 1,
      },
    });
    await db.guideCustomer.update({ where: { id: world.relation.id }, data: { contactWayId: way.id } });
    await db.customer.update({
      where: { id: world.customer.id },
      data: { orderCount: 2, spendCents: 45_800n, preferredCategory: '零食', lifecycleStage: 'ONBOARDING' },
    });
    const pair = { guideId: world.guide.id, customerId: world.customer.id };
    const older = await createOrderRow(db, pair, {
      amountCents: 12_800,
      purchasedAt: new Date('2026-10-01T10:00:00+08:00'),
      items: [{ name: '辣条', quantity: 3, priceCents: 1000 }],
    });
    const newer = await createOrderRow(db, pair, {
      amountCents: 33_000,
      purchasedAt: new Date('2026-11-20T10:00:00+08:00'),
      items: [
        { name: '腊肉', quantity: 1, priceCents: 30000 },
        { name: '剁椒', quantity: 2, priceCents: 1500 },
      ],
    });
    const hq: Actor = { kind: 'hq', label: 'test' };
    const listed = await createGroup(domainDeps(ctx), hq, { name: '手选名单', kind: 'LIST' });
    await addListMembers(domainDeps(ctx), hq, listed.id, { relationIds: [world.relation.id] });
    const byTag = await createGroup(domainDeps(ctx), hq, {
      name: 'VIP客户',
      kind: 'RULE',
      rule: { tag: vip.id },
    });
    await createGroup(domainDeps(ctx), hq, { name: '冷链客户', kind: 'RULE', rule: { tag: other.id } });
    const bySpend = await createGroup(domainDeps(ctx), hq, {
      name: '高消费',
      kind: 'RULE',
      rule: { all: [{ spendCents: { min: 40_000 } }, { not: { lifecycle: ['LAPSED'] } }] },
    });
    await createGroup(domainDeps(ctx), hq, { name: '别的名单', kind: 'LIST' });

    const res = await staff(ctx.app).get(
      `/api/v1/customer-view?externalUserid=${world.customer.externalUserid}&guideUserid=${world.guide.userid}`,
    );
    expect(res.status).toBe(200);
    const view = res.body;
    expect(view).toMatchObject({
      relationId: world.relation.id,
      customer: { externalUserid: world.customer.externalUserid, name: '王小美', type: 1 },
      relation: {
        guide: { userid: world.guide.userid, name: world.guide.name },
        status: 'ACTIVE',
        remark: null,
        addWay: 1,
        channel: { id: way.id, name: '五一店门口' },
        welcome: null,
      },
      lifecycle: { stage: 'ONBOARDING' },
      purchases: { orderCount: 2, spendCents: 45_800, preferredCategory: '零食' },
    });
    expect(view.relation.addedAt).toEqual(expect.any(String));
    expect(view.purchases.recent).toEqual([
      {
        id: newer.id,
        orderNo: newer.orderNo,
        amountCents: 33_000,
        purchasedAt: newer.purchasedAt.toISOString(),
        itemCount: 3,
      },
      {
        id: older.id,
        orderNo: older.orderNo,
        amountCents: 12_800,
        purchasedAt: older.purchasedAt.toISOString(),
        itemCount: 3,
      },
    ]);
    expect(view.tags.corpTags).toEqual([
      { id: vip.id, name: 'VIP', groupName: expect.any(String), pending: false },
    ]);
    const taxonomyTags = (view.taxonomy as { canEdit: boolean; tags: { id: string }[] }[]).flatMap((g) =>
      g.tags.map((t) => ({ id: t.id, canEdit: g.canEdit })),
    );
    expect(taxonomyTags).toEqual(
      expect.arrayContaining([
        { id: vip.id, canEdit: true },
        { id: other.id, canEdit: true },
      ]),
    );
    const groupIds = (view.groups as { id: string; kind: string }[]).map((g) => `${g.kind}:${g.id}`).sort();
    expect(groupIds).toEqual([`LIST:${listed.id}`, `RULE:${byTag.id}`, `RULE:${bySpend.id}`].sort());
    // The greeting (due now) and the 7-day interaction follow-up, soonest first, each with a message to send.
    expect((view.followUps as { kind: string }[]).map((f) => f.kind)).toEqual(['GREETING', 'INTERACTION']);
    for (const f of view.followUps as { suggestedMessage: string }[]) {
      expect(f.suggestedMessage).toContain('王小美');
      expect(f.suggestedMessage).toContain(world.guide.name);
    }
  });

  it('calls the customer by the guide’s remark in suggested messages, and leaves a customer without groups in none', async () => {
    const world = await createSidebarWorld(ctx, '李四');
    await ctx.services.db.guideCustomer.update({
      where: { id: world.relation.id },
      data: { remark: '李姐' },
    });
    const view = await getCustomerView(domainDeps(ctx), world.actors.guide, {
      externalUserid: world.customer.externalUserid,
    });
    expect(view.followUps.map((f) => f.suggestedMessage)).toEqual([
      expect.stringMatching(/^李姐您好/),
      expect.stringMatching(/^李姐您好/),
    ]);
    expect(view.groups).toEqual([]);
  });

  it('leaves out a member group whose stored rule no longer parses, instead of failing the whole view', async () => {
    const world = await createSidebarWorld(ctx);
    const broken = await ctx.services.db.customerGroup.create({
      data: { name: `坏规则${randomBytes(3).toString('hex')}`, kind: 'RULE', rule: { tag: 'no-such-shape' } },
    });
    const listed = await createGroup(
      domainDeps(ctx),
      { kind: 'hq', label: 'test' },
      { name: '手选', kind: 'LIST' },
    );
    await addListMembers(domainDeps(ctx), { kind: 'hq', label: 'test' }, listed.id, {
      relationIds: [world.relation.id],
    });
    const res = await staff(ctx.app).get(
      `/api/v1/customer-view?externalUserid=${world.customer.externalUserid}`,
    );
    expect(res.status).toBe(200);
    const ids = (res.body.groups as { id: string }[]).map((g) => g.id);
    expect(ids).toContain(listed.id);
    expect(ids).not.toContain(broken.id);
    await ctx.services.db.customerGroup.delete({ where: { id: broken.id } });
  });

  it('answers the guide, their store manager and HQ, and 404 to another guide or another store’s manager', async () => {
    const world = await createSidebarWorld(ctx);
    const input = { externalUserid: world.customer.externalUserid };
    for (const who of ALLOWED) {
      const view = await getCustomerView(domainDeps(ctx), world.actors[who], input);
      expect(view.relation.id).toBe(world.relation.id);
    }
    for (const who of REFUSED) {
      await expect(getCustomerView(domainDeps(ctx), world.actors[who], input)).rejects.toMatchObject({
        status: 404,
        code: 'relation_not_found',
      });
    }
    // A customer nobody has answers exactly the same.
    await expect(
      getCustomerView(domainDeps(ctx), world.actors.hq, { externalUserid: 'wm_nobody_at_all' }),
    ).rejects.toMatchObject({ status: 404, code: 'relation_not_found' });
  });

  it('shows a manager the relation added last in their store, or the guide they name', async () => {
    const world = await createSidebarWorld(ctx);
    await new Promise((r) => setTimeout(r, 1100)); // the second add carries a later createtime
    await ctx.sim.addCustomer({
      userid: world.peer.userid,
      externalUserid: world.customer.externalUserid,
      withWelcomeCode: false,
    });
    const peerRelation = await waitFor(
      async () =>
        (await ctx.services.db.guideCustomer.findFirst({
          where: { guideId: world.peer.id, customerId: world.customer.id },
        })) ?? undefined,
    );
    const input = { externalUserid: world.customer.externalUserid };
    const deps = domainDeps(ctx);
    expect((await getCustomerView(deps, world.actors.manager, input)).relation.id).toBe(peerRelation.id);
    const named = { ...input, guideUserid: world.guide.userid };
    expect((await getCustomerView(deps, world.actors.manager, named)).relation.id).toBe(world.relation.id);
    // Each guide sees only their own relation, and naming another guide does not reach theirs.
    expect((await getCustomerView(deps, world.actors.guide, input)).relation.id).toBe(world.relation.id);
    expect((await getCustomerView(deps, world.actors.peer, input)).relation.id).toBe(peerRelation.id);
    await expect(getCustomerView(deps, world.actors.peer, named)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses bad queries with a 400', async () => {
    const get = (query: string) => staff(ctx.app).get(`/api/v1/customer-view${query}`);
    for (const query of [
      '',
      '?externalUserid=',
      '?externalUserid=a%00b',
      `?externalUserid=${'x'.repeat(65)}`,
    ]) {
      const res = await get(query);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
  });
});

describe('the remark (PATCH /relations/:id/remark)', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  beforeAll(async () => {
    ctx = await startTestContext();
    world = await createSidebarWorld(ctx);
  });
  afterAll(() => ctx.close());

  const patch = (relationId: string, body: unknown) =>
    staff(ctx.app)
      .patch(`/api/v1/relations/${relationId}/remark`)
      .send(body as object);
  const simRelation = () =>
    ctx.sim.state.relations.find(
      (r) => r.userid === world.guide.userid && r.externalUserid === world.customer.externalUserid,
    );
  const ourRow = () => ctx.services.db.guideCustomer.findUniqueOrThrow({ where: { id: world.relation.id } });
  const remarkCalls = () => ctx.sim.callsTo('externalcontact/remark').length;

  it('writes the remark to WeCom first, then to our row', async () => {
    const res = await patch(world.relation.id, { remark: ' 老客户 ', description: '喜欢辣的，周末来店' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      relationId: world.relation.id,
      remark: '老客户',
      description: '喜欢辣的，周末来店',
    });
    const call = ctx.sim.callsTo('externalcontact/remark').at(-1)!;
    expect(call.errcode).toBe(0);
    expect(call.body).toEqual({
      userid: world.guide.userid,
      external_userid: world.customer.externalUserid,
      remark: '老客户',
      description: '喜欢辣的，周末来店',
    });
    expect(simRelation()).toMatchObject({ remark: '老客户', description: '喜欢辣的，周末来店' });
    expect(await ourRow()).toMatchObject({ remark: '老客户', description: '喜欢辣的，周末来店' });

    // One field leaves the other alone, here and in WeCom; an empty one clears it.
    const cleared = await patch(world.relation.id, { remark: '' });
    expect(cleared.body).toEqual({
      relationId: world.relation.id,
      remark: null,
      description: '喜欢辣的，周末来店',
    });
    expect(ctx.sim.callsTo('externalcontact/remark').at(-1)!.body).not.toHaveProperty('description');
    expect(simRelation()).toMatchObject({ remark: '', description: '喜欢辣的，周末来店' });
  });

  it('mends our row from WeCom when it cannot be written after WeCom took the remark', async () => {
    const deps = domainDeps(ctx);
    // PostgreSQL fails between WeCom's answer and our write (the relation was read through the pool before).
    const lost = new Error('Connection terminated unexpectedly');
    const db = { guideCustomer: { update: () => Promise.reject(lost) } } as unknown as typeof deps.db;
    await expect(
      updateRelationRemark({ ...deps, db }, world.actors.guide, world.relation.id, { remark: '修好的备注' }),
    ).rejects.toBe(lost);
    expect(simRelation()).toMatchObject({ remark: '修好的备注' });
    // The queued re-read from WeCom (externalcontact/get) writes what WeCom has.
    await waitFor(async () => (await ourRow()).remark === '修好的备注');
  });

  it('changes nothing when WeCom refuses, and says why with the errcode', async () => {
    await patch(world.relation.id, { remark: '原备注' });
    ctx.sim.failNext('externalcontact/remark', 84061);
    const gone = await patch(world.relation.id, { remark: '新备注' });
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe('wecom_84061');
    expect(gone.body.error.message).toContain('84061');
    ctx.sim.failNext('externalcontact/remark', 60020);
    const other = await patch(world.relation.id, { remark: '新备注' });
    expect(other.status).toBe(502);
    expect(other.body.error).toEqual({ code: 'wecom_60020', message: expect.stringContaining('60020') });
    expect((await ourRow()).remark).toBe('原备注');
    expect(simRelation()?.remark).toBe('原备注');
  });

  it('refuses bad input with a 400 before calling WeCom', async () => {
    const before = remarkCalls();
    const bodies: unknown[] = [
      {},
      { remark: '超'.repeat(21) },
      { description: 'x'.repeat(151) },
      { remark: 'a\u0000b' },
      { remark: 'a\ud800b' },
      { remark: 12 },
      { remark: 'ok', mobile: '13800000000' },
    ];
    for (const body of bodies) {
      const res = await patch(world.relation.id, body);
      expect(res.status).toBe(400);
    }
    expect((await patch('not-a-uuid', { remark: 'x' })).status).toBe(400);
    const unknown = await patch('00000000-0000-4000-8000-000000000000', { remark: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('relation_not_found');
    expect(remarkCalls()).toBe(before);
  });

  it('lets the guide, their manager and HQ change it; another guide or store gets a 404 and WeCom is not called', async () => {
    const deps = domainDeps(ctx);
    for (const who of ALLOWED) {
      const done = await updateRelationRemark(deps, world.actors[who], world.relation.id, { remark: who });
      expect(done.remark).toBe(who);
    }
    const before = remarkCalls();
    for (const who of REFUSED) {
      await expect(
        updateRelationRemark(deps, world.actors[who], world.relation.id, { remark: 'x' }),
      ).rejects.toMatchObject({ status: 404, code: 'relation_not_found' });
    }
    expect(remarkCalls()).toBe(before);
    expect((await ourRow()).remark).toBe('hq');
  });
});
