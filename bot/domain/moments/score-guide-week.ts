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

const atLeast = (rule: WeekRule, actual: number, min: number): RuleResult => ({
  rule,
  actual,
  bound: { min },
  passed: actual >= min,
});
const atMost = (rule: WeekRule, actual: number, max: number): RuleResult => ({
  rule,
  actual,
  bound: { max },
  passed: actual <= max,
});

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

/** The rules over a week's counts. */
export function scoreWeekCounts(c: WeekCounts, plan: MomentsPlan): WeekScore {
  const rules = [
    atLeast('posting_days', c.postingDays, plan.postingDays),
    atLeast('product_days', c.productDays, plan.productDays),
    atLeast('life_days', c.lifeDays, plan.lifeDays),
    atLeast('best_window_posts', c.bestWindowPosts, plan.bestWindowPosts),
    atMost('brand_posts', c.brandPosts, plan.maxBrandPosts),
    atMost('flagged_posts', c.flaggedPosts, 0),
  ];
  const passed = rules.filter((r) => r.passed).length;
  return {
    rules,
    score: Math.round((100 * passed) / rules.length),
    passed: passed === rules.length,
    posts: c.posts,
  };
}
