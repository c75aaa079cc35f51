import { SqlParams } from '../../bot/db';
import { findViewedRelation } from '../../bot/domain/customer-view/find-viewed-relation';
import { matchesGroupRule } from '../../bot/domain/customer-view/match-group-rule';
import type { Actor } from '../../bot/domain/access/actor';
import { compileGroupRule } from '../../bot/domain/groups/compile-group-rule';
import { type GroupRule, parseGroupRule } from '../../bot/domain/groups/group-rule';
import type { LifecycleStage, RelationStatus } from '../../bot/generated/prisma/client';
import {
  createCustomer,
  createGuide,
  createRelation,
  createStore,
  createTag,
} from '../factories/group-world';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';

const DAY = 86_400_000;
const STAGES: LifecycleStage[] = ['ONBOARDING', 'AWAKENING', 'RECALL', 'DORMANT', 'LAPSED'];

/** A seeded generator, so a failing rule can be reproduced from the test's output. */
function lcg(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s % n;
  };
}

/**
 * The customer view tests RULE groups on the row it read (matchesGroupRule) instead of running every compiled
 * rule; this checks the two agree, rule by rule, on random rules over relations whose facts cover the edges
 * (no stage, no purchase, no join date, day boundaries, inactive relations, another store).
 */
describe('group rules in the customer view', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext({ worker: false })));
  afterAll(() => ctx.close());

  it('match a relation exactly when the compiled SQL does', async () => {
    const { db, pool } = ctx.services;
    const now = new Date();
    const [storeA, storeB] = [await createStore(db), await createStore(db)];
    const guides = [
      await createGuide(db, storeA.id),
      await createGuide(db, storeB.id),
      await createGuide(db, null),
    ];
    const tags = [await createTag(db), await createTag(db), await createTag(db)];
    const categories = ['零食', '特产', null];
    const rand = lcg(20261202);
    const relations: { id: string; externalUserid: string; guideUserid: string }[] = [];
    for (let i = 0; i < 24; i += 1) {
      const customer = await createCustomer(db, {
        lifecycleStage: i % 6 === 5 ? null : STAGES[i % 5],
        spendCents: [0, 9_999, 10_000, 50_000, 120_000][i % 5],
        orderCount: [0, 1, 2, 5][i % 4],
      });
      const days = [0, 6, 7, 8, 30, 365];
      await db.customer.update({
        where: { id: customer.id },
        data: {
          preferredCategory: categories[i % 3],
          lastPurchaseAt: i % 7 === 6 ? null : new Date(now.getTime() - days[i % 6]! * DAY - (i % 2) * 1000),
          joinedAt: i % 5 === 4 ? null : new Date(now.getTime() - days[(i + 2) % 6]! * DAY + (i % 2) * 1000),
        },
      });
      const guide = guides[i % 3]!;
      const status: RelationStatus = i % 8 === 7 ? 'DELETED_BY_CUSTOMER' : 'ACTIVE';
      const linked = tags.filter((_, t) => (i >> t) % 2 === 1).map((t) => t.id);
      const relation = await createRelation(db, guide.id, customer.id, linked, status);
      relations.push({ id: relation.id, externalUserid: customer.externalUserid, guideUserid: guide.userid });
    }
    const hq: Actor = { kind: 'hq', label: 'hq' };
    const facts = await Promise.all(
      relations.map((r) =>
        findViewedRelation(domainDeps(ctx), hq, r).then((v) => ({ id: r.id, facts: v.facts })),
      ),
    );

    const range = (max: number) => {
      const a = rand(max + 1);
      const b = a + rand(max + 1);
      return [{ min: a }, { max: b }, { min: a, max: b }][rand(3)]!;
    };
    const condition = (): GroupRule => {
      switch (rand(10)) {
        case 0:
          return { tag: rand(4) === 0 ? tags[0]!.id.toUpperCase() : tags[rand(3)]!.id };
        case 1:
          return { lifecycle: STAGES.filter(() => rand(2) === 0).concat(STAGES[rand(5)]!) };
        case 2:
          return { spendCents: range(120_000) };
        case 3:
          return { orderCount: range(6) };
        case 4:
          return { avgOrderCents: range(60_000) };
        case 5:
          return { category: [['零食'], ['特产', '零食'], ['礼盒']][rand(3)]! };
        case 6:
          return { daysSinceLastPurchase: range(10) };
        case 7:
          return { daysSinceJoined: range(10) };
        case 8:
          return { stores: rand(2) === 0 ? [storeA.id] : [storeB.id.toUpperCase(), storeA.id] };
        default:
          return { guides: [guides[rand(3)]!.userid] };
      }
    };
    const tree = (depth: number): GroupRule => {
      const pick = depth >= 3 ? 3 : rand(5);
      if (pick === 0) return { all: [tree(depth + 1), tree(depth + 1)] };
      if (pick === 1) return { any: [tree(depth + 1), tree(depth + 1), tree(depth + 1)] };
      if (pick === 2) return { not: tree(depth + 1) };
      return condition();
    };

    const ids = relations.map((r) => r.id);
    let compared = 0;
    for (let n = 0; n < 250; n += 1) {
      const rule = parseGroupRule(tree(0));
      const params = new SqlParams();
      const inSet = params.add(ids, 'uuid[]');
      const where = compileGroupRule(rule, params, now);
      const { rows } = await pool.query<{ id: string }>(
        `SELECT gc.id FROM guide_customer gc JOIN customer c ON c.id = gc.customer_id
         WHERE gc.id = ANY(${inSet}) AND gc.status = 'ACTIVE' AND ${where}`,
        params.values,
      );
      const bySql = rows.map((r) => r.id).sort();
      const byView = facts
        .filter((f) => f.facts.isActive && matchesGroupRule(rule, f.facts, now))
        .map((f) => f.id)
        .sort();
      expect({ rule, members: byView }).toEqual({ rule, members: bySql });
      compared += bySql.length;
    }
    // The rules were not all empty or all full: both sides had real members to agree on.
    expect(compared).toBeGreaterThan(250);
    expect(compared).toBeLessThan(250 * ids.length);
  });
});
