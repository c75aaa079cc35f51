import { z } from 'zod';
import { badRequest } from '../../errors';
import {
  type GroupRule,
  LIFECYCLE_STAGES,
  type LifecycleStage,
  type Range,
} from '../../http/contract/groups';
import { Text } from '../../http/contract/common';

export type { GroupRule, Range };
export type Stage = LifecycleStage;

type KeysOf<T> = T extends unknown ? keyof T : never;
export type ConditionKey = Exclude<KeysOf<GroupRule>, 'all' | 'any' | 'not'>;

// Bounds keep a stored rule cheap to compile and to run: a rule is written by a person in a form, not generated.
export const MAX_RULE_DEPTH = 6;
export const MAX_RULE_NODES = 100;
const MAX_CHILDREN = 30;
const MAX_VALUES = 100;

function range(max: number) {
  const end = z.number().int().min(0).max(max);
  return z
    .strictObject({ min: end.optional(), max: end.optional() })
    .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both')
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max');
}

const CENTS = 1e13;
const DAYS = 36_500;

const CONDITIONS: Record<ConditionKey, z.ZodType> = {
  tag: z.guid('must be a tag id (uuid)'),
  lifecycle: z.array(z.enum(LIFECYCLE_STAGES)).min(1).max(LIFECYCLE_STAGES.length),
  spendCents: range(CENTS),
  orderCount: range(1e9),
  avgOrderCents: range(CENTS),
  category: z.array(Text.min(1).max(64)).min(1).max(MAX_VALUES),
  daysSinceLastPurchase: range(DAYS),
  daysSinceJoined: range(DAYS),
  stores: z.array(z.guid('must be a store id (uuid)')).min(1).max(MAX_VALUES),
  guides: z.array(Text.min(1).max(64)).min(1).max(MAX_VALUES),
};

const KEYS = ['all', 'any', 'not', ...Object.keys(CONDITIONS)];

/**
 * Validates a rule tree, saying where it is wrong: `rule.all[1].spendCents.min: …`. Throws a 400 AppError
 * (`invalid_rule`). Hand-walked rather than one recursive zod union, whose errors cannot name the branch.
 */
export function parseGroupRule(input: unknown): GroupRule {
  const state = { nodes: 0 };
  return parseNode(input, 'rule', 1, state);
}

function parseNode(input: unknown, path: string, depth: number, state: { nodes: number }): GroupRule {
  state.nodes += 1;
  if (state.nodes > MAX_RULE_NODES) fail(path, `a rule may have at most ${MAX_RULE_NODES} parts`);
  if (depth > MAX_RULE_DEPTH) fail(path, `a rule may nest at most ${MAX_RULE_DEPTH} levels`);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    fail(path, `must be an object with one of: ${KEYS.join(', ')}`);
  }
  const entries: [string, unknown][] = Object.entries(input);
  const [entry] = entries;
  if (entries.length !== 1 || !entry) fail(path, `must have exactly one key, one of: ${KEYS.join(', ')}`);
  const [key, value] = entry;
  if (key === 'all' || key === 'any') {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_CHILDREN) {
      fail(`${path}.${key}`, `must be a list of 1 to ${MAX_CHILDREN} rules`);
    }
    const children = value.map((child, i) => parseNode(child, `${path}.${key}[${i}]`, depth + 1, state));
    return key === 'all' ? { all: children } : { any: children };
  }
  if (key === 'not') return { not: parseNode(value, `${path}.not`, depth + 1, state) };
  const schema = CONDITIONS[key as ConditionKey] as z.ZodType | undefined;
  if (!schema) fail(`${path}.${key}`, `unknown condition; use one of: ${KEYS.join(', ')}`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = [path, key, ...(issue?.path ?? [])].map(String).join('.');
    fail(where, issue?.message ?? 'invalid');
  }
  if (key === 'lifecycle' || key === 'category' || key === 'stores' || key === 'guides') {
    // Repeats change nothing but would count against the bounds of the compiled query.
    return { [key]: [...new Set(parsed.data as string[])] } as GroupRule;
  }
  return { [key]: parsed.data } as GroupRule;
}

function fail(path: string, message: string): never {
  throw badRequest('invalid_rule', `${path}: ${message}`);
}

/** Every value of one condition kind that a rule names (tag ids, store ids, guide userids), for existence checks. */
export function collectRuleValues(rule: GroupRule, key: 'tag' | 'stores' | 'guides'): string[] {
  const found = new Set<string>();
  const visit = (node: GroupRule): void => {
    if ('all' in node) node.all.forEach(visit);
    else if ('any' in node) node.any.forEach(visit);
    else if ('not' in node) visit(node.not);
    else if (key === 'tag' && 'tag' in node) found.add(node.tag);
    else if (key === 'stores' && 'stores' in node) node.stores.forEach((s) => found.add(s));
    else if (key === 'guides' && 'guides' in node) node.guides.forEach((g) => found.add(g));
  };
  visit(rule);
  return [...found];
}
