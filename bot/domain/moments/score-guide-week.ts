import type { WeekRuleName } from '../../http/contract/moments';
import type { MomentKind, MomentsPlan } from './moments-plan';

/** One post of the guide's week as the audit reads it: classified (a manager's correction already applied). */
export interface AuditedPost {
  localDate: string;
  kind: MomentKind;
  inBestWindow: boolean;
  /** Products the post presents: the plan wants one a post. */
  productCount: number;
  readsLikeAd: boolean;
  /** Gone from WeCom's list: it counts for nothing. */
  deleted: boolean;
}

export type WeekRule = WeekRuleName;

export interface RuleResult {
  rule: WeekRule;
  actual: number;
  /** At least (`min`) or at most (`max`) this. */
  bound: { min: number } | { max: number };
  passed: boolean;
}

export interface WeekScore {
  rules: RuleResult[];
  /** Rules passed out of all, 0-100. */
  score: number;
  passed: boolean;
  /** Posts counted (not deleted). */
  posts: number;
}

/** What the rules read from a guide's week: counted in memory (scoreGuideWeek) or by SQL (score-week.ts). */
export interface WeekCounts {
  posts: number;
  postingDays: number;
  productDays: number;
  lifeDays: number;
  bestWindowPosts: number;
  brandPosts: number;
  flaggedPosts: number;
}

/**
 * One guide's week against the plan, rule by rule (DESIGN.md §2 4+2+2): days with a post, days with a product
 * post, days with a life post (a day with both counts for both), posts in a best window, brand posts (each one,
 * even two on one day), and flagged posts: several products in one, or one that reads like an ad (none allowed).
 * Deleted posts count for nothing. The score is the share of rules passed.
 */
export function scoreGuideWeek(posts: readonly AuditedPost[], plan: MomentsPlan): WeekScore {
  return scoreWeekCounts(countWeek(posts), plan);
}

export function countWeek(posts: readonly AuditedPost[]): WeekCounts {
  const live = posts.filter((p) => !p.deleted);
  const daysWith = (keep: (p: AuditedPost) => boolean) =>
    new Set(live.filter(keep).map((p) => p.localDate)).size;
  const count = (keep: (p: AuditedPost) => boolean) => live.filter(keep).length;
  return {
    posts: live.length,
    postingDays: daysWith(() => true),
    productDays: daysWith((p) => p.kind === 'product'),
    lifeDays: daysWith((p) => p.kind === 'life'),
    bestWindowPosts: count((p) => p.inBestWindow),
    brandPosts: count((p) => p.kind === 'brand'),
    flaggedPosts: count((p) => p.productCount > 1 || p.readsLikeAd),
  };
}

/**
 * The plan's rules, in WEEK_RULES' order: what each reads from the counts and its bound. One table for both
 * readings below, so the full results and the compact mask cannot disagree.
 */
const RULES: readonly {
  rule: WeekRule;
  actual: (c: WeekCounts) => number;
  bound: (plan: MomentsPlan) => { min: number } | { max: number };
}[] = [
  { rule: 'posting_days', actual: (c) => c.postingDays, bound: (p) => ({ min: p.postingDays }) },
  { rule: 'product_days', actual: (c) => c.productDays, bound: (p) => ({ min: p.productDays }) },
  { rule: 'life_days', actual: (c) => c.lifeDays, bound: (p) => ({ min: p.lifeDays }) },
  { rule: 'best_window_posts', actual: (c) => c.bestWindowPosts, bound: (p) => ({ min: p.bestWindowPosts }) },
  { rule: 'brand_posts', actual: (c) => c.brandPosts, bound: (p) => ({ max: p.maxBrandPosts }) },
  { rule: 'flagged_posts', actual: (c) => c.flaggedPosts, bound: () => ({ max: 0 }) },
];

const within = (actual: number, bound: { min: number } | { max: number }) =>
  'min' in bound ? actual >= bound.min : actual <= bound.max;

/** The rules over a week's counts. */
export function scoreWeekCounts(c: WeekCounts, plan: MomentsPlan): WeekScore {
  const rules = RULES.map(({ rule, actual, bound }): RuleResult => {
    const b = bound(plan);
    const a = actual(c);
    return { rule, actual: a, bound: b, passed: within(a, b) };
  });
  const passed = rules.filter((r) => r.passed).length;
  return { rules, score: scoreOf(passed), passed: passed === rules.length, posts: c.posts };
}

/** Bit i set when rule i (WEEK_RULES' order) passes: for reading 10,000 guide-weeks without 60,000 objects. */
export function passedRulesMask(
  c: WeekCounts,
  bounds: readonly ({ min: number } | { max: number })[],
): number {
  let mask = 0;
  for (let i = 0; i < RULES.length; i += 1) if (within(RULES[i]!.actual(c), bounds[i]!)) mask |= 1 << i;
  return mask;
}

/** Each rule's bound under a plan, in WEEK_RULES' order. */
export const ruleBounds = (plan: MomentsPlan) => RULES.map((r) => r.bound(plan));

/** The score of a week that passed `passed` of the rules: their share, 0-100. */
export function scoreOf(passed: number): number {
  return Math.round((100 * passed) / RULES.length);
}
