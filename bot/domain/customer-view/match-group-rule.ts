import type { GroupRule, Range } from '../groups/group-rule';
import type { LoadedGroup } from '../groups/find-group';
import type { LifecycleStage } from '../../http/contract/groups';

const DAY_MS = 86_400_000;

/** What a group rule can ask of one relation: the columns compileGroupRule reads, for this row. */
export interface RelationFacts {
  isActive: boolean;
  /** Every tag linked to the relation (relation_tag), as compileGroupRule's EXISTS sees them. */
  tagIds: ReadonlySet<string>;
  lifecycleStage: LifecycleStage | null;
  spendCents: bigint;
  orderCount: number;
  preferredCategory: string | null;
  lastPurchaseAt: Date | null;
  joinedAt: Date | null;
  storeId: string | null;
  guideUserid: string;
}

export interface RelationGroup {
  id: string;
  name: string;
  kind: 'RULE' | 'LIST';
}

/**
 * The member groups one relation is in: the LIST groups it was put in and the RULE groups whose rule it meets,
 * ACTIVE relations only, as every membership query counts them. The rules are evaluated here over the row the
 * view has already read, rather than compiled to SQL: one statement holding every rule's compiled SQL took
 * 18-45 ms to plan with 30 groups (EXPLAIN on a million customers), past the view's whole budget, while the row
 * it tests is one primary-key lookup. `matchesGroupRule` mirrors compileGroupRule condition by condition, and a
 * test checks that the two agree on random rules over real rows.
 */
export function groupsOfRelation(
  groups: LoadedGroup[],
  facts: RelationFacts,
  listedIn: ReadonlySet<string>,
  now: Date,
): RelationGroup[] {
  if (!facts.isActive) return [];
  return groups
    .filter((g) =>
      g.kind === 'LIST' ? listedIn.has(g.id) : g.rule !== null && matchesGroupRule(g.rule, facts, now),
    )
    .map((g) => ({ id: g.id, name: g.name, kind: g.kind }));
}

/**
 * Whether one relation meets a rule, with compileGroupRule's two-valued semantics: a customer without a stage,
 * a purchase or a join date fails the condition (and so meets its `not`). Ids compare as PostgreSQL compares
 * uuids (case-insensitively); texts exactly.
 */
export function matchesGroupRule(rule: GroupRule, f: RelationFacts, now: Date): boolean {
  if ('all' in rule) return rule.all.every((r) => matchesGroupRule(r, f, now));
  if ('any' in rule) return rule.any.some((r) => matchesGroupRule(r, f, now));
  if ('not' in rule) return !matchesGroupRule(rule.not, f, now);
  if ('tag' in rule) return f.tagIds.has(rule.tag.toLowerCase());
  if ('lifecycle' in rule) return f.lifecycleStage !== null && rule.lifecycle.includes(f.lifecycleStage);
  if ('spendCents' in rule) return inRange(f.spendCents, rule.spendCents);
  if ('orderCount' in rule) return inRange(BigInt(f.orderCount), rule.orderCount);
  if ('avgOrderCents' in rule) {
    // As the SQL: spend ≥ min × orders, spend ≤ max × orders, with orders > 0 (exact, no division).
    const { min, max } = rule.avgOrderCents;
    const orders = BigInt(f.orderCount);
    return (
      f.orderCount > 0 &&
      (min === undefined || f.spendCents >= BigInt(min) * orders) &&
      (max === undefined || f.spendCents <= BigInt(max) * orders)
    );
  }
  if ('category' in rule) return f.preferredCategory !== null && rule.category.includes(f.preferredCategory);
  if ('daysSinceLastPurchase' in rule) return daysSince(f.lastPurchaseAt, rule.daysSinceLastPurchase, now);
  if ('daysSinceJoined' in rule) return daysSince(f.joinedAt, rule.daysSinceJoined, now);
  if ('stores' in rule) {
    const store = f.storeId?.toLowerCase();
    return store !== undefined && rule.stores.some((s) => s.toLowerCase() === store);
  }
  return rule.guides.includes(f.guideUserid);
}

function inRange(value: bigint, range: Range): boolean {
  return (
    (range.min === undefined || value >= BigInt(range.min)) &&
    (range.max === undefined || value <= BigInt(range.max))
  );
}

/** compileGroupRule's daysSinceSql: at or before now − min days, and after now − (max + 1) days. */
function daysSince(at: Date | null, range: Range, now: Date): boolean {
  if (at === null) return false;
  const t = at.getTime();
  return (
    (range.min === undefined || t <= now.getTime() - range.min * DAY_MS) &&
    (range.max === undefined || t > now.getTime() - (range.max + 1) * DAY_MS)
  );
}
