import { randomBytes, randomUUID } from 'node:crypto';
import { markFollowUpDone } from '../../bot/domain/follow-ups/mark-follow-up-done';
import { reportSidebarMessage } from '../../bot/domain/follow-ups/report-sidebar-message';
import { listRelationTimeline } from '../../bot/domain/timeline/list-relation-timeline';
import { createTag } from '../factories/group-world';
import {
  ALLOWED,
  REFUSED,
  type SidebarWorld,
  createFollowUpRow,
  createOrderRow,
  createSidebarWorld,
} from '../factories/sidebar-world';
import { type TestContext, domainDeps, startTestContext, waitFor } from '../helpers/harness';
import { staff } from '../helpers/integration-client';

interface Item {
  id: string;
  kind: string;
  at: string;
  title: string;
  detail: string | null;
}

describe('the relation’s timeline (GET /relations/:id/timeline)', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  const ago = (hours: number) => new Date(Date.now() - hours * 3600_000);

  beforeAll(async () => {
    ctx = await startTestContext();
    world = await createSidebarWorld(ctx);
    const { db } = ctx.services;
    const deps = domainDeps(ctx);
    const pair = { guideId: world.guide.id, customerId: world.customer.id };
    await db.followUp.updateMany({ where: pair, data: { status: 'CANCELLED' } });
    await db.guideCustomer.update({ where: { id: world.relation.id }, data: { addedAt: ago(24) } });
    await db.welcomeMessage.create({
      data: {
        eventId: randomUUID(),
        welcomeCode: `code-${randomBytes(6).toString('hex')}`,
        guideUserid: world.guide.userid,
        externalUserid: world.customer.externalUserid,
        status: 'SENT',
        receivedAt: ago(23),
        sentAt: ago(23),
      },
    });
    const tag = await createTag(db, 'VIP');
    const change = (op: 'ADD' | 'REMOVE', status: 'SYNCED' | 'FAILED', hours: number) =>
      db.tagChange.create({
        data: {
          relationId: world.relation.id,
          tagId: tag.id,
          op,
          status,
          source: world.guide.userid,
          createdAt: ago(hours),
        },
      });
    await change('ADD', 'SYNCED', 5);
    await change('ADD', 'FAILED', 4.5);
    await change('REMOVE', 'SYNCED', 4);
    await createOrderRow(db, pair, {
      amountCents: 33_000,
      purchasedAt: ago(3),
      items: [
        { name: '腊肉', quantity: 1, priceCents: 30_000 },
        { name: '剁椒', quantity: 2, priceCents: 1_500 },
      ],
    });
    await reportSidebarMessage(deps, world.actors.guide, {
      externalUserid: world.customer.externalUserid,
      clientId: `msg-${randomBytes(6).toString('hex')}`,
      sentAt: ago(2),
    });
    const custom = await createFollowUpRow(db, pair, { dueAt: ago(1.5), title: '回访' });
    await markFollowUpDone(deps, world.actors.guide, { followUpId: custom.id, at: ago(1) });
    await new Promise((r) => setTimeout(r, 1100)); // the deletion carries a later CreateTime than the add
    await ctx.sim.guideDeletesCustomer(world.guide.userid, world.customer.externalUserid);
    await waitFor(
      async () =>
        (await db.guideCustomer.findUniqueOrThrow({ where: { id: world.relation.id } })).status ===
        'DELETED_BY_GUIDE',
    );
  });
  afterAll(() => ctx.close());

  const get = (query: string, relationId = world.relation.id) =>
    staff(ctx.app).get(`/api/v1/relations/${relationId}/timeline${query}`);

  it('tells the relation’s history newest first, each line ready to show', async () => {
    const res = await get('?limit=50');
    expect(res.status).toBe(200);
    const items = res.body.items as Item[];
    expect(items.map((i) => i.kind)).toEqual([
      'deleted',
      'follow_up_done',
      'interaction',
      'order',
      'tag_removed',
      'tag_added',
      'welcomed',
      'added',
    ]);
    expect(res.body.nextCursor).toBeNull();
    const byKind = Object.fromEntries(items.map((i) => [i.kind, i]));
    expect(byKind.added).toMatchObject({
      title: '添加为客户',
      detail: '扫描二维码',
      id: `added:${world.relation.id}`,
    });
    expect(byKind.welcomed).toMatchObject({ title: '发送了欢迎语' });
    expect(byKind.tag_added).toMatchObject({ title: '添加标签 VIP', detail: `操作人：${world.guide.name}` });
    expect(byKind.tag_removed).toMatchObject({ title: '移除标签 VIP' });
    expect(byKind.order).toMatchObject({ title: '购买 ¥330.00', detail: '腊肉、剁椒' });
    expect(byKind.interaction).toMatchObject({ title: '在侧边栏发送了消息' });
    expect(byKind.follow_up_done).toMatchObject({ title: '完成跟进：跟进', detail: '回访' });
    expect(byKind.deleted).toMatchObject({ title: '导购删除了客户', id: `deleted:${world.relation.id}` });
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('pages with a cursor, every item once, and refuses a cursor it did not give', async () => {
    const all = (await get('?limit=50')).body.items as Item[];
    const seen: Item[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=3${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const res = await get(query);
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as Item[]));
      after = res.body.nextCursor as string | null;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);

    const forged = await get(`?after=${Buffer.from('2026-01-01T00:00:00.000Z|x').toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('bad_cursor');
    for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?after=a%00b']) {
      expect((await get(query)).status).toBe(400);
    }
    expect((await get('', 'not-a-uuid')).status).toBe(400);
    const unknown = await get('', '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('relation_not_found');
  });

  it('shows it to the guide, their manager and HQ; another guide or store gets a 404', async () => {
    const deps = domainDeps(ctx);
    for (const who of ALLOWED) {
      const page = await listRelationTimeline(deps, world.actors[who], world.relation.id, { limit: 2 });
      expect(page.items.map((i) => i.kind)).toEqual(['deleted', 'follow_up_done']);
    }
    for (const who of REFUSED) {
      await expect(
        listRelationTimeline(deps, world.actors[who], world.relation.id, { limit: 2 }),
      ).rejects.toMatchObject({ status: 404, code: 'relation_not_found' });
    }
  });
});
