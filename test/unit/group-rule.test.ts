import { compileGroupRule } from '../../bot/domain/groups/compile-group-rule';
import { groupAudienceSql } from '../../bot/domain/groups/group-audience-sql';
import { MAX_RULE_DEPTH, collectRuleValues, parseGroupRule } from '../../bot/domain/groups/group-rule';
import { SqlParams } from '../../bot/db';

const TAG_A = '11111111-1111-4111-8111-111111111111';
const TAG_B = '22222222-2222-4222-8222-222222222222';
const STORE = '33333333-3333-4333-8333-333333333333';
const NOW = new Date('2026-11-20T04:00:00Z');

function rejection(input: unknown): string {
  try {
    parseGroupRule(input);
  } catch (error) {
    expect(error).toMatchObject({ code: 'invalid_rule', status: 400 });
    return (error as Error).message;
  }
  throw new Error('the rule was accepted');
}

describe('group rule validation', () => {
  it('accepts a tree of all / any / not over every kind of condition', () => {
    const rule = {
      all: [
        { tag: TAG_A },
        { any: [{ tag: TAG_B }, { lifecycle: ['ONBOARDING', 'AWAKENING'] }] },
        { not: { spendCents: { min: 100_000 } } },
        { orderCount: { min: 1, max: 5 } },
        { avgOrderCents: { max: 20_000 } },
        { category: ['湖南特产'] },
        { daysSinceLastPurchase: { max: 30 } },
        { daysSinceJoined: { min: 90 } },
        { stores: [STORE] },
        { guides: ['zhangsan'] },
      ],
    };
    expect(parseGroupRule(rule)).toEqual(rule);
  });

  it('says which part of the rule is wrong', () => {
    expect(rejection({ all: [{ tag: TAG_A }, { spendCents: { min: 5, max: 1 } }] })).toBe(
      'rule.all[1].spendCents: min must not exceed max',
    );
    expect(rejection({ any: [{ lifecycle: ['TEEN'] }] })).toMatch(/^rule\.any\[0\]\.lifecycle\.0: /);
    expect(rejection({ all: [{ not: { tag: 'red' } }] })).toBe(
      'rule.all[0].not.tag: must be a tag id (uuid)',
    );
    expect(rejection({ all: [{ colour: 'red' }] })).toMatch(/^rule\.all\[0\]\.colour: unknown condition/);
    expect(rejection({ tag: TAG_A, lifecycle: ['ONBOARDING'] })).toMatch(/^rule: must have exactly one key/);
    expect(rejection({ all: [] })).toBe('rule.all: must be a list of 1 to 30 rules');
    expect(rejection('tag')).toMatch(/^rule: must be an object/);
    expect(rejection({ orderCount: {} })).toBe('rule.orderCount: give min, max or both');
    expect(rejection({ spendCents: { min: -1 } })).toMatch(/^rule\.spendCents\.min: /);
  });

  it('bounds how deep and how large a rule may be', () => {
    let deep: unknown = { tag: TAG_A };
    for (let i = 0; i < MAX_RULE_DEPTH; i += 1) deep = { not: deep };
    expect(rejection(deep)).toMatch(/at most 6 levels/);
    const wide = {
      any: Array.from({ length: 4 }, () => ({ all: Array.from({ length: 30 }, () => ({ tag: TAG_A })) })),
    };
    expect(rejection(wide)).toMatch(/at most 100 parts/);
  });

  it('collects the tags, stores and guides a rule names', () => {
    const rule = parseGroupRule({
      all: [{ tag: TAG_A }, { not: { tag: TAG_B } }, { stores: [STORE, STORE] }],
    });
    expect(collectRuleValues(rule, 'tag')).toEqual([TAG_A, TAG_B]);
    expect(collectRuleValues(rule, 'stores')).toEqual([STORE]);
    expect(collectRuleValues(rule, 'guides')).toEqual([]);
  });
});

describe('group rule SQL', () => {
  it('compiles to a parameterised expression with values never in the text', () => {
    const params = new SqlParams();
    const rule = parseGroupRule({
      all: [{ tag: TAG_A }, { any: [{ tag: TAG_B }, { lifecycle: ['RECALL'] }] }, { stores: [STORE] }],
    });
    const sql = compileGroupRule(rule, params, NOW);
    expect(sql).toBe(
      '(EXISTS (SELECT 1 FROM relation_tag rt WHERE rt.relation_id = gc.id AND rt.tag_id = $1::uuid)' +
        ' AND (EXISTS (SELECT 1 FROM relation_tag rt WHERE rt.relation_id = gc.id AND rt.tag_id = $2::uuid)' +
        ' OR (c.lifecycle_stage IS NOT NULL AND c.lifecycle_stage = ANY($3::lifecycle_stage[])))' +
        ' AND gc.guide_id IN (SELECT sg.id FROM guide sg WHERE sg.store_id = ANY($4::uuid[])))',
    );
    expect(params.values).toEqual([TAG_A, TAG_B, ['RECALL'], [STORE]]);
  });

  it('keeps NOT two-valued: customers without a purchase fail the condition and so match its negation', () => {
    const params = new SqlParams();
    const sql = compileGroupRule(
      parseGroupRule({ not: { daysSinceLastPurchase: { min: 30, max: 60 } } }),
      params,
      NOW,
    );
    expect(sql).toBe(
      '(NOT (c.last_purchase_at IS NOT NULL AND c.last_purchase_at <= $1::timestamptz AND c.last_purchase_at > $2::timestamptz))',
    );
    expect(params.values).toEqual([new Date('2026-10-21T04:00:00Z'), new Date('2026-09-20T04:00:00Z')]);
  });

  it('compares the average order value without dividing', () => {
    const params = new SqlParams();
    expect(compileGroupRule(parseGroupRule({ avgOrderCents: { min: 10_000 } }), params, NOW)).toBe(
      '(c.order_count > 0 AND c.spend_cents >= $1::bigint * c.order_count)',
    );
  });

  it('limits a RULE group to ACTIVE relations in the actor scope, and a LIST group to its members', () => {
    const params = new SqlParams();
    const rule = parseGroupRule({ tag: TAG_A });
    const guide = { kind: 'guide' as const, userid: 'lisi', guideId: STORE };
    const ruleSql = groupAudienceSql({ id: TAG_B, kind: 'RULE', rule }, guide, params, NOW);
    expect(ruleSql.from).toBe('guide_customer gc JOIN customer c ON c.id = gc.customer_id');
    expect(ruleSql.where).toMatch(/^gc\.status = 'ACTIVE' AND \(gc\.guide_id = \$1::uuid\) AND EXISTS/);
    expect(params.values).toEqual([STORE, TAG_A]);

    const listParams = new SqlParams();
    const listSql = groupAudienceSql(
      { id: TAG_B, kind: 'LIST', rule: null },
      { kind: 'hq', label: 'hq' },
      listParams,
      NOW,
    );
    expect(listSql.from).toMatch(/^customer_group_member m/);
    expect(listSql.where).toBe("m.group_id = $1::uuid AND gc.status = 'ACTIVE' AND (TRUE)");
    expect(listParams.values).toEqual([TAG_B]);
  });
});
