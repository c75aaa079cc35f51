import type { Actor } from '../../bot/domain/access/actor';
import { countGroupMembers } from '../../bot/domain/groups/count-group-members';
import { listGroupAudienceByGuide } from '../../bot/domain/groups/list-group-audience';
import { listGroupMembers } from '../../bot/domain/groups/list-group-members';
import { followUpJobId } from '../../bot/domain/follow-ups/create-follow-up';
import { isWorkingTime } from '../../bot/domain/schedule/business-hours';
import { getCorpSettings } from '../../bot/domain/settings/corp-settings';
import type { Customer, Guide, GuideCustomer, Store, Tag } from '../../bot/generated/prisma/client';
import {
  createCustomer,
  createGuide,
  createRelation,
  createStore,
  createTag,
} from '../factories/group-world';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';

// No worker: follow-up jobs stay queued where the test can see them, whatever the time of day.
describe('member groups', () => {
  let ctx: TestContext;
  let s1: Store, s2: Store;
  let g1: Guide, g2: Guide, g3: Guide;
  let tagA: Tag, tagB: Tag, tagC: Tag;
  let c1: Customer, c2: Customer, c3: Customer, c4: Customer, c5: Customer, c6: Customer;
  let r1: GuideCustomer, r2: GuideCustomer, r3: GuideCustomer, r4: GuideCustomer;
  let r5: GuideCustomer, r6: GuideCustomer, r7: GuideCustomer;

  beforeAll(async () => {
    // Its own database: its tags are made by factories, and a tag sync elsewhere would mark them deleted.
    ctx = await startTestContext({ worker: false, isolatedDatabase: true });
    const { db } = ctx.services;
    [s1, s2] = [await createStore(db, '长沙一店'), await createStore(db, '长沙二店')];
    [g1, g2, g3] = [
      await createGuide(db, s1.id, '王导购'),
      await createGuide(db, s1.id, '李导购'),
      await createGuide(db, s2.id, '赵导购'),
    ];
    [tagA, tagB, tagC] = [
      await createTag(db, '湖南特产'),
      await createTag(db, '辣度偏好'),
      await createTag(db),
    ];
    c1 = await createCustomer(db, {
      name: '王小美',
      lifecycleStage: 'ONBOARDING',
      spendCents: 50_000,
      orderCount: 2,
    });
    c2 = await createCustomer(db, { name: '陈大文', lifecycleStage: 'RECALL' });
    c3 = await createCustomer(db, { lifecycleStage: 'AWAKENING', spendCents: 300_000, orderCount: 3 });
    c4 = await createCustomer(db, {
      name: '刘一',
      lifecycleStage: 'ONBOARDING',
      spendCents: 10_000,
      orderCount: 1,
    });
    c5 = await createCustomer(db, { lifecycleStage: 'ONBOARDING' });
    c6 = await createCustomer(db, { lifecycleStage: null });
    r1 = await createRelation(db, g1.id, c1.id, [tagA.id, tagB.id]);
    r2 = await createRelation(db, g1.id, c2.id, [tagA.id]);
    r3 = await createRelation(db, g2.id, c3.id, [tagA.id, tagC.id]);
    r4 = await createRelation(db, g3.id, c4.id, [tagA.id, tagB.id]);
    r5 = await createRelation(db, g2.id, c1.id, [tagB.id]); // c1 follows two guides
    r6 = await createRelation(db, g1.id, c5.id, [tagA.id, tagB.id], 'DELETED_BY_CUSTOMER');
    r7 = await createRelation(db, g3.id, c6.id, [tagA.id]);
  });
  afterAll(() => ctx.close());

  async function createRuleGroup(rule: unknown, name = '测试分组'): Promise<string> {
    const res = await staff(ctx.app).post('/api/v1/groups').send({ name, kind: 'RULE', rule });
    expect(res.status).toBe(201);
    return res.body.group.id as string;
  }
  async function memberIds(groupId: string): Promise<string[]> {
    const res = await staff(ctx.app).get(`/api/v1/groups/${groupId}/members?limit=500`);
    expect(res.status).toBe(200);
    return (res.body.members as { relationId: string }[]).map((m) => m.relationId).sort();
  }
  const ids = (...relations: GuideCustomer[]) => relations.map((r) => r.id).sort();

  it('finds relations by tags combined with AND and OR, never a deleted relation', async () => {
    const id = await createRuleGroup({
      all: [{ tag: tagA.id }, { any: [{ tag: tagB.id }, { lifecycle: ['RECALL'] }] }],
    });
    expect(await memberIds(id)).toEqual(ids(r1, r2, r4));
    const count = await staff(ctx.app).get(`/api/v1/groups/${id}/count`);
    expect(count.body).toEqual({ relations: 3, customers: 3 });
  });

  it('narrows by store and by guide', async () => {
    expect(await memberIds(await createRuleGroup({ all: [{ tag: tagA.id }, { stores: [s1.id] }] }))).toEqual(
      ids(r1, r2, r3),
    );
    expect(
      await memberIds(await createRuleGroup({ all: [{ tag: tagB.id }, { guides: [g2.userid] }] })),
    ).toEqual(ids(r5));
  });

  it('negates a lifecycle condition, keeping customers who have no stage', async () => {
    const id = await createRuleGroup({ all: [{ tag: tagA.id }, { not: { lifecycle: ['ONBOARDING'] } }] });
    expect(await memberIds(id)).toEqual(ids(r2, r3, r7));
  });

  it('filters by spend and counts a customer of two guides once among customers', async () => {
    const id = await createRuleGroup({
      all: [{ any: [{ tag: tagA.id }, { tag: tagB.id }] }, { spendCents: { min: 20_000 } }],
    });
    expect(await memberIds(id)).toEqual(ids(r1, r3, r5));
    expect((await staff(ctx.app).get(`/api/v1/groups/${id}/count`)).body).toEqual({
      relations: 3,
      customers: 2,
    });
  });

  it('shows each member with customer, guide, store, stage and spend', async () => {
    const id = await createRuleGroup({ all: [{ tag: tagB.id }, { guides: [g1.userid] }] });
    const res = await staff(ctx.app).get(`/api/v1/groups/${id}/members`);
    expect(res.body).toEqual({
      members: [
        {
          relationId: r1.id,
          customerName: '王小美',
          externalUserid: c1.externalUserid,
          guideName: '王导购',
          guideUserid: g1.userid,
          storeName: '长沙一店',
          lifecycleStage: 'ONBOARDING',
          spendCents: 50_000,
        },
      ],
      nextCursor: null,
    });
  });

  it('limits what a guide or a store manager sees to their own relations', async () => {
    const id = await createRuleGroup({
      all: [{ tag: tagA.id }, { any: [{ tag: tagB.id }, { lifecycle: ['RECALL'] }] }],
    });
    const deps = domainDeps(ctx);
    const guide: Actor = { kind: 'guide', userid: g1.userid, guideId: g1.id };
    const manager: Actor = { kind: 'store_manager', userid: 'mgr', storeId: s2.id };
    expect(await countGroupMembers(deps, guide, id)).toEqual({ relations: 2, customers: 2 });
    const page = await listGroupMembers(deps, guide, id, { limit: 50 });
    expect(page.members.map((m) => m.relationId).sort()).toEqual(ids(r1, r2));
    expect(await countGroupMembers(deps, manager, id)).toEqual({ relations: 1, customers: 1 });
    const managerPage = await listGroupMembers(deps, manager, id, { limit: 50 });
    expect(managerPage.members).toHaveLength(1);
    expect(managerPage.members.every((m) => !ids(r1, r2).includes(m.relationId))).toBe(true);
  });

  it('answers 400 naming the wrong part of a rule, and 404 for unknown groups', async () => {
    const bad = await staff(ctx.app)
      .post('/api/v1/groups')
      .send({
        name: '坏规则',
        kind: 'RULE',
        rule: { all: [{ tag: tagA.id }, { spendCents: { min: 9, max: 1 } }] },
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({
      code: 'invalid_rule',
      message: 'rule.all[1].spendCents: min must not exceed max',
    });
    const unknownTag = await staff(ctx.app)
      .post('/api/v1/groups')
      .send({ name: '坏规则', kind: 'RULE', rule: { tag: '00000000-0000-4000-8000-000000000000' } });
    expect(unknownTag.body.error.message).toBe('rule: unknown tag 00000000-0000-4000-8000-000000000000');
    const missing = await staff(ctx.app).get('/api/v1/groups/00000000-0000-4000-8000-000000000000/count');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('group_not_found');
    expect((await staff(ctx.app).get('/api/v1/groups/not-a-uuid')).status).toBe(404);
  });

  it('renames a group, replaces its rule, and deletes it', async () => {
    const id = await createRuleGroup({ tag: tagC.id }, '旧名');
    const patched = await staff(ctx.app)
      .patch(`/api/v1/groups/${id}`)
      .send({ name: '新名', rule: { all: [{ tag: tagA.id }, { stores: [s2.id] }] } });
    expect(patched.body.group).toMatchObject({ name: '新名', kind: 'RULE' });
    expect(await memberIds(id)).toEqual(ids(r4, r7));
    const listed = await staff(ctx.app).get('/api/v1/groups');
    expect((listed.body.groups as { id: string }[]).map((g) => g.id)).toContain(id);
    expect((await staff(ctx.app).delete(`/api/v1/groups/${id}`)).status).toBe(204);
    expect((await staff(ctx.app).get(`/api/v1/groups/${id}`)).status).toBe(404);
  });

  it('keeps a hand-picked list: adds by relation id or by guide and customer, removes, reports the unknown', async () => {
    const created = await staff(ctx.app).post('/api/v1/groups').send({ name: '手选名单', kind: 'LIST' });
    const id = created.body.group.id as string;
    const add = await staff(ctx.app)
      .post(`/api/v1/groups/${id}/members`)
      .send({
        relationIds: [r1.id, r6.id],
        pairs: [
          { guideUserid: g3.userid, externalUserid: c4.externalUserid },
          { guideUserid: g3.userid, externalUserid: 'wm_nobody' },
        ],
      });
    expect(add.body).toEqual({ added: 2, alreadyMembers: 0, notFound: [r6.id, `${g3.userid}/wm_nobody`] });
    const again = await staff(ctx.app)
      .post(`/api/v1/groups/${id}/members`)
      .send({ relationIds: [r1.id] });
    expect(again.body).toEqual({ added: 0, alreadyMembers: 1, notFound: [] });
    expect(await memberIds(id)).toEqual(ids(r1, r4));
    const removed = await staff(ctx.app)
      .post(`/api/v1/groups/${id}/members/remove`)
      .send({ relationIds: [r1.id] });
    expect(removed.body).toEqual({ removed: 1 });
    expect((await staff(ctx.app).get(`/api/v1/groups/${id}/count`)).body).toEqual({
      relations: 1,
      customers: 1,
    });
    const ruleGroup = await createRuleGroup({ tag: tagC.id });
    const refused = await staff(ctx.app)
      .post(`/api/v1/groups/${ruleGroup}/members`)
      .send({ relationIds: [r1.id] });
    expect(refused.status).toBe(400);
  });

  it('pages through a group with a cursor, with no member twice and none left out', async () => {
    const { db } = ctx.services;
    const store = await createStore(db);
    const guide = await createGuide(db, store.id);
    const tag = await createTag(db);
    const expected: string[] = [];
    for (let i = 0; i < 23; i += 1) {
      const customer = await createCustomer(db);
      expected.push((await createRelation(db, guide.id, customer.id, [tag.id])).id);
    }
    const id = await createRuleGroup({ tag: tag.id });
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await staff(ctx.app).get(
        `/api/v1/groups/${id}/members?limit=5${after ? `&after=${after}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...(res.body.members as { relationId: string }[]).map((m) => m.relationId));
      after = res.body.nextCursor as string | null;
      pages += 1;
    } while (after);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect([...seen].sort()).toEqual(expected.sort());
  });

  it('exports a group as CSV with a BOM, so Excel reads the Chinese names', async () => {
    const id = await createRuleGroup({
      all: [{ tag: tagA.id }, { any: [{ tag: tagB.id }, { lifecycle: ['RECALL'] }] }],
    });
    const res = await staff(ctx.app)
      .get(`/api/v1/groups/${id}/export.csv`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trim().split('\n');
    expect(lines[0]).toBe('relation_id,客户,external_userid,导购,guide_userid,门店,生命周期,spend_cents');
    expect(lines.slice(1).sort()).toEqual(
      [
        `${r1.id},王小美,${c1.externalUserid},王导购,${g1.userid},长沙一店,ONBOARDING,50000`,
        `${r2.id},陈大文,${c2.externalUserid},王导购,${g1.userid},长沙一店,RECALL,0`,
        `${r4.id},刘一,${c4.externalUserid},赵导购,${g3.userid},长沙二店,ONBOARDING,10000`,
      ].sort(),
    );
  });

  it('exports a name that looks like a formula as text', async () => {
    const { db } = ctx.services;
    const [store, tag] = [await createStore(db), await createTag(db)];
    const guide = await createGuide(db, store.id);
    const customer = await createCustomer(db, { name: '=HYPERLINK("http://x")' });
    await createRelation(db, guide.id, customer.id, [tag.id]);
    const res = await staff(ctx.app).get(
      `/api/v1/groups/${await createRuleGroup({ tag: tag.id })}/export.csv`,
    );
    expect(res.text).toContain(`,"'=HYPERLINK(""http://x"")",${customer.externalUserid},`);
  });

  it('creates a follow-up for every member once, in working hours, even when asked twice', async () => {
    const id = await createRuleGroup({
      all: [{ tag: tagA.id }, { any: [{ tag: tagB.id }, { lifecycle: ['RECALL'] }] }],
    });
    const body = { title: '双十一活动邀约', dueAt: '2031-05-01T02:00:00+08:00' };
    const first = await staff(ctx.app).post(`/api/v1/groups/${id}/follow-ups`).send(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ matched: 3, created: 3 });
    const second = await staff(ctx.app).post(`/api/v1/groups/${id}/follow-ups`).send(body);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ matched: 3, created: 0 });

    const { db } = ctx.services;
    const rows = await db.followUp.findMany({ where: { groupId: id } });
    expect(rows.map((f) => `${f.guideId}/${f.customerId}`).sort()).toEqual(
      [`${g1.id}/${c1.id}`, `${g1.id}/${c2.id}`, `${g3.id}/${c4.id}`].sort(),
    );
    const settings = await getCorpSettings({ db });
    for (const f of rows) {
      expect(f).toMatchObject({ kind: 'CUSTOM', status: 'PENDING', title: '双十一活动邀约' });
      expect(isWorkingTime(f.dueAt, settings)).toBe(true);
    }
    // 02:00 is outside working hours: moved to the opening, 09:00 local.
    expect(rows[0]!.dueAt).toEqual(new Date('2031-05-01T01:00:00Z'));
    // One follow-up-due job per guide; its reminder digest lists every follow-up due.
    const queue = ctx.services.queues.queue('follow-up-due');
    const queued = await Promise.all(rows.map((f) => queue.getJob(followUpJobId(f))));
    const byGuide = new Map<string, number>();
    rows.forEach((f, i) => {
      if (queued[i]) byGuide.set(f.guideId, (byGuide.get(f.guideId) ?? 0) + 1);
    });
    expect([...byGuide.entries()].sort()).toEqual(
      [
        [g1.id, 1],
        [g3.id, 1],
      ].sort(),
    );
  });

  it('lists the audience per guide in chunks for mass messages', async () => {
    const id = await createRuleGroup({
      all: [{ any: [{ tag: tagA.id }, { tag: tagB.id }] }, { spendCents: { min: 20_000 } }],
    });
    const chunks = [];
    for await (const chunk of listGroupAudienceByGuide(domainDeps(ctx), { kind: 'hq', label: 'hq' }, id, 1)) {
      chunks.push(chunk);
    }
    expect(chunks.every((c) => c.externalUserids.length === 1)).toBe(true);
    expect(chunks.map((c) => `${c.guideUserid}/${c.externalUserids[0]}`).sort()).toEqual(
      [
        `${g1.userid}/${c1.externalUserid}`,
        `${g2.userid}/${c3.externalUserid}`,
        `${g2.userid}/${c1.externalUserid}`,
      ].sort(),
    );
    const whole = [];
    for await (const chunk of listGroupAudienceByGuide(domainDeps(ctx), { kind: 'hq', label: 'hq' }, id)) {
      whole.push(chunk);
    }
    expect(whole.map((c) => `${c.guideUserid}:${c.externalUserids.length}`).sort()).toEqual(
      [`${g1.userid}:1`, `${g2.userid}:2`].sort(),
    );
  });

  it('reports the month reach per store against the 70/30 plan', async () => {
    const { db } = ctx.services;
    const groupId = await createRuleGroup({ tag: tagC.id });
    const at = (iso: string) => new Date(iso);
    await db.interaction.createMany({
      data: [
        {
          guideId: g1.id,
          customerId: c1.id,
          source: 'MASS_MESSAGE',
          occurredAt: at('2031-03-10T12:00:00+08:00'),
        },
        {
          guideId: g1.id,
          customerId: c2.id,
          source: 'SIDEBAR_MESSAGE',
          occurredAt: at('2031-03-20T12:00:00+08:00'),
        },
        // The last half hour of March in Shanghai is still March; the first of April is not.
        {
          guideId: g2.id,
          customerId: c1.id,
          source: 'ARCHIVE_IMPORT',
          occurredAt: at('2031-03-31T23:30:00+08:00'),
        },
        {
          guideId: g1.id,
          customerId: c1.id,
          source: 'SIDEBAR_MESSAGE',
          occurredAt: at('2031-04-01T00:30:00+08:00'),
        },
        // A deleted relation's customer is not the store's any more.
        {
          guideId: g1.id,
          customerId: c5.id,
          source: 'SIDEBAR_MESSAGE',
          occurredAt: at('2031-03-05T12:00:00+08:00'),
        },
      ],
    });
    const done = await db.followUp.create({
      data: {
        kind: 'CUSTOM',
        guideId: g2.id,
        customerId: c3.id,
        dueAt: at('2031-03-15T10:00:00+08:00'),
        status: 'DONE',
        closedAt: at('2031-03-15T11:00:00+08:00'),
        groupId,
      },
    });
    // Completing a group follow-up also records an interaction: it counts for the group, not one-to-one.
    await db.interaction.create({
      data: {
        guideId: g2.id,
        customerId: c3.id,
        source: 'FOLLOW_UP_DONE',
        occurredAt: at('2031-03-15T11:00:00+08:00'),
        externalId: done.id,
      },
    });

    const res = await staff(ctx.app).get('/api/v1/reach-plan?month=2031-03');
    expect(res.status).toBe(200);
    expect(res.body.plan).toEqual({ byGroup: 0.7, oneToOne: 0.3 });
    const mine = (res.body.stores as { storeId: string }[]).filter((s) => [s1.id, s2.id].includes(s.storeId));
    expect(mine).toEqual([
      {
        storeId: s1.id,
        storeName: '长沙一店',
        customers: 3,
        reachedByGroup: 2,
        reachedOneToOne: 2,
        byGroupShare: 0.6667,
        oneToOneShare: 0.6667,
        byGroupGap: -0.0333,
        oneToOneGap: 0.3667,
      },
      {
        storeId: s2.id,
        storeName: '长沙二店',
        customers: 2,
        reachedByGroup: 0,
        reachedOneToOne: 0,
        byGroupShare: 0,
        oneToOneShare: 0,
        byGroupGap: -0.7,
        oneToOneGap: -0.3,
      },
    ]);
    expect((await staff(ctx.app).get('/api/v1/reach-plan?month=2031-13')).status).toBe(400);
  });
});
