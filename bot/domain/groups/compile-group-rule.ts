import type { GroupRule, Range } from './group-rule';
import type { SqlParams } from '../../db';

const DAY_MS = 86_400_000;

/**
 * Compiles a validated rule into a boolean SQL expression over `guide_customer gc` and `customer c`, adding
 * its values to `params`. Every condition is two-valued (never NULL): a customer without a stage, a purchase
 * or a join date fails the condition, and so matches its `not` — SQL's NULL would drop them from both.
 * `now` is a parameter, not `now()`, so "days since" bounds are plain timestamp comparisons an index can use.
 */
export function compileGroupRule(rule: GroupRule, params: SqlParams, now: Date): string {
  if ('all' in rule) return `(${rule.all.map((r) => compileGroupRule(r, params, now)).join(' AND ')})`;
  if ('any' in rule) return `(${rule.any.map((r) => compileGroupRule(r, params, now)).join(' OR ')})`;
  if ('not' in rule) return `(NOT ${compileGroupRule(rule.not, params, now)})`;
  if ('tag' in rule) {
    return `EXISTS (SELECT 1 FROM relation_tag rt WHERE rt.relation_id = gc.id AND rt.tag_id = ${params.add(rule.tag, 'uuid')})`;
  }
  if ('lifecycle' in rule) {
    return `(c.lifecycle_stage IS NOT NULL AND c.lifecycle_stage = ANY(${params.add(rule.lifecycle, 'lifecycle_stage[]')}))`;
  }
  if ('spendCents' in rule) return rangeSql('c.spend_cents', rule.spendCents, params, 'bigint');
  if ('orderCount' in rule) return rangeSql('c.order_count', rule.orderCount, params, 'int');
  if ('avgOrderCents' in rule) {
    // spend / orders >= min  ⇔  spend >= min * orders (orders > 0): exact, no division or rounding.
    const parts = ['c.order_count > 0'];
    const { min, max } = rule.avgOrderCents;
    if (min !== undefined) parts.push(`c.spend_cents >= ${params.add(min, 'bigint')} * c.order_count`);
    if (max !== undefined) parts.push(`c.spend_cents <= ${params.add(max, 'bigint')} * c.order_count`);
    return `(${parts.join(' AND ')})`;
  }
  if ('category' in rule) {
    return `(c.preferred_category IS NOT NULL AND c.preferred_category = ANY(${params.add(rule.category, 'text[]')}))`;
  }
  if ('daysSinceLastPurchase' in rule)
    return daysSinceSql('c.last_purchase_at', rule.daysSinceLastPurchase, params, now);
  if ('daysSinceJoined' in rule) return daysSinceSql('c.joined_at', rule.daysSinceJoined, params, now);
  if ('stores' in rule) {
    return `gc.guide_id IN (SELECT sg.id FROM guide sg WHERE sg.store_id = ANY(${params.add(rule.stores, 'uuid[]')}))`;
  }
  return `gc.guide_id IN (SELECT ug.id FROM guide ug WHERE ug.userid = ANY(${params.add(rule.guides, 'text[]')}))`;
}

function rangeSql(column: string, range: Range, params: SqlParams, cast: string): string {
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`${column} >= ${params.add(range.min, cast)}`);
  if (range.max !== undefined) parts.push(`${column} <= ${params.add(range.max, cast)}`);
  return `(${parts.join(' AND ')})`;
}

/**
 * Whole days elapsed since `column`: at least `min` means it happened at or before now − min days; at most
 * `max` means after now − (max + 1) days (day max + 1 has not begun yet).
 */
function daysSinceSql(column: string, range: Range, params: SqlParams, now: Date): string {
  const parts = [`${column} IS NOT NULL`];
  if (range.min !== undefined) {
    parts.push(`${column} <= ${params.add(new Date(now.getTime() - range.min * DAY_MS), 'timestamptz')}`);
  }
  if (range.max !== undefined) {
    parts.push(
      `${column} > ${params.add(new Date(now.getTime() - (range.max + 1) * DAY_MS), 'timestamptz')}`,
    );
  }
  return `(${parts.join(' AND ')})`;
}
