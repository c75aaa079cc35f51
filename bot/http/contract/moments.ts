import { z } from 'zod';
import { Text } from './common';

/** What a Moments post is under the 4+2+2 plan (DESIGN.md §2). */
export const MOMENT_KINDS = ['product', 'life', 'brand'] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];

/** A time of day, "HH:mm" from 00:00 to 24:00, local to the corp. */
const Clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day as HH:mm (00:00 to 24:00)');

/** A best posting window: both ends inside; one that crosses midnight is two windows. */
const Window = z
  .object({ start: Clock, end: Clock })
  .refine((w) => w.start < w.end, 'a window ends after it starts (one that crosses midnight is two windows)');

const DaysInWeek = z.number().int().min(0).max(7);

/**
 * The weekly Moments plan (DESIGN.md §2 朋友圈4+2+2): every number and window is the corp's to set; what is left
 * out takes the playbook's default. Weeks run Monday to Sunday in the corp's time zone.
 */
export const MomentsPlan = z.object({
  /** Days a week with at least one post. */
  postingDays: DaysInWeek.default(6),
  /** Days with at least one product post, and with at least one life post. */
  productDays: DaysInWeek.default(4),
  lifeDays: DaysInWeek.default(2),
  /** Posts a week inside one of the best windows. */
  bestWindowPosts: z.number().int().min(0).max(100).default(2),
  bestWindows: z
    .array(Window)
    .max(6)
    .default([
      { start: '11:30', end: '14:00' },
      { start: '20:00', end: '23:30' },
    ]),
  /** Brand advertising posts a week, at most. */
  maxBrandPosts: z.number().int().min(0).max(100).default(1),
});
export type MomentsPlan = z.output<typeof MomentsPlan>;

const Words = z.array(Text.trim().min(1).max(32)).max(500);

/**
 * How a post that did not come from the library is classified, and what makes one read like an ad (the corp's
 * words). Product names come from the library's items as well as from here.
 */
export const MomentsRules = z.object({
  productNames: Words.default([]),
  brandKeywords: Words.default(['品牌', '旗舰', '官方', '周年庆', '品牌故事']),
  /** Signals of an ad (a post must not read like one); `adSignalsToFlag` of them in one post flag it. */
  adSignals: Words.default([
    '限时',
    '秒杀',
    '抢购',
    '全场',
    '折扣',
    '特价',
    '优惠券',
    '下单',
    '包邮',
    '扫码',
  ]),
  adSignalsToFlag: z.number().int().min(1).max(20).default(2),
});
export type MomentsRules = z.output<typeof MomentsRules>;

/** GET /api/v1/moments/settings, and what PUT answers. */
export interface MomentsSettingsResponse {
  plan: MomentsPlan;
  rules: MomentsRules;
  /** The corp's time zone, in which weeks and windows are read. */
  timezone: string;
  /** WeCom's id of the corp tag given to customers who like or comment on a guide's post; null: none. */
  reactionTagId: string | null;
}

/**
 * PUT /api/v1/moments/settings (HQ): a whole plan and/or whole rules (what is left out in either is its default),
 * and/or the reaction tag.
 */
export const MomentsSettingsUpdate = z
  .object({
    plan: MomentsPlan.optional(),
    rules: MomentsRules.optional(),
    /** A corp tag for customers who react to a guide's post (null: stop tagging). */
    reactionTagId: Text.trim().min(1).max(64).nullable().optional(),
  })
  .strict()
  .refine(
    (u) => u.plan !== undefined || u.rules !== undefined || u.reactionTagId !== undefined,
    'give plan, rules, reactionTagId or some of them',
  );
export type MomentsSettingsUpdate = z.input<typeof MomentsSettingsUpdate>;

/** A Moments post as the audit shows it: its classification, a manager's correction applied. */
export interface MomentPostView {
  id: string;
  momentId: string;
  guideUserid: string;
  postedAt: string;
  text: string;
  kind: MomentKind;
  /** library, rules, or manager (corrected). */
  kindSource: 'library' | 'rules' | 'manager';
  readsLikeAd: boolean;
  products: string[];
  adSignals: string[];
  deleted: boolean;
  correction: { kind: MomentKind; readsLikeAd: boolean; by: string; at: string } | null;
}

/** PATCH /api/v1/moments/posts/:id/classification (a store manager of the guide's store, or HQ). */
export const MomentCorrectionInput = z
  .object({ kind: z.enum(MOMENT_KINDS), readsLikeAd: z.boolean() })
  .strict();
export type MomentCorrectionInput = z.input<typeof MomentCorrectionInput>;

/** A calendar day, yyyy-mm-dd, that exists (2026-02-30 does not), within the business years. */
export const Day = Text.regex(
  /^(20\d\d|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  'expected YYYY-MM-DD',
).refine(
  // Refinements run even when the pattern failed: an unreadable date must not throw here.
  (d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
  },
  'no such day',
);

/** GET /api/v1/moments/weeks?week=&storeId=&page=&pageSize=: the week holding `week` (default this week). */
export const MomentsWeekQuery = z.object({
  week: Day.optional(),
  storeId: z.uuid().optional(),
  /** The guides come a page at a time, lowest score first; the summary and stores cover them all. */
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type MomentsWeekQuery = z.input<typeof MomentsWeekQuery>;

/** GET /api/v1/moments/posts?userid=&week=: one guide's week, post by post (the desk's drill-down). */
export const GuidePostsQuery = z.object({
  userid: Text.min(1).max(64),
  week: Day.optional(),
});
export type GuidePostsQuery = z.input<typeof GuidePostsQuery>;

/** GET /api/v1/moments/trend?weeks=&storeId=&userid=: the summary of each of the last `weeks` weeks, oldest first. */
export const MomentsTrendQuery = z.object({
  weeks: z.coerce.number().int().min(1).max(52).default(12),
  /** The last week of the trend (the one holding this day); default this week. */
  week: Day.optional(),
  storeId: z.uuid().optional(),
  /** One guide's trend (a guide in the asker's scope). */
  userid: Text.min(1).max(64).optional(),
});
export type MomentsTrendQuery = z.input<typeof MomentsTrendQuery>;

export type WeekRuleName =
  'posting_days' | 'product_days' | 'life_days' | 'best_window_posts' | 'brand_posts' | 'flagged_posts';
/** The rules in the order the desk shows them and the roll-ups' pass masks number them (score-guide-week.ts). */
export const WEEK_RULES: readonly WeekRuleName[] = [
  'posting_days',
  'product_days',
  'life_days',
  'best_window_posts',
  'brand_posts',
  'flagged_posts',
];

/** GET /api/v1/moments/weeks/export.csv?week=&storeId=: every guide of the week table in scope, as CSV. */
export const MomentsWeekExportQuery = MomentsWeekQuery.pick({ week: true, storeId: true });
export type MomentsWeekExportQuery = z.input<typeof MomentsWeekExportQuery>;

/** One guide's week against the plan, rule by rule. */
export interface GuideWeekRow {
  guide: { userid: string; name: string; store: { id: string; name: string } | null };
  posts: number;
  score: number;
  passed: boolean;
  rules: { rule: WeekRuleName; actual: number; bound: { min: number } | { max: number }; passed: boolean }[];
}

/** Guides' weeks added up: how many passed all rules, the mean score, how many passed each rule. */
export interface WeekSummary {
  guides: number;
  passed: number;
  /** Mean of the guides' scores, 0-100, one decimal. */
  averageScore: number;
  posts: number;
  rules: { rule: WeekRuleName; passed: number }[];
}

/** A week: its Monday and Sunday, in the corp's zone. */
export interface WeekSpan {
  start: string;
  end: string;
  timezone: string;
}

/** The answer: the week, the plan it was scored against, the roll-ups, and a page of guides. */
export interface MomentsWeekResponse {
  week: WeekSpan;
  plan: MomentsPlan;
  summary: WeekSummary;
  /** Each store in scope (a store manager: theirs), lowest mean score first; guides with no store under null. */
  stores: ({ store: { id: string; name: string } | null } & WeekSummary)[];
  guides: GuideWeekRow[];
  /** Userids of this page's guides who were nudged today (in the corp's zone): another nudge waits a day. */
  nudgedToday: string[];
  page: { page: number; pageSize: number; total: number };
}

export interface MomentsTrendResponse {
  plan: MomentsPlan;
  weeks: ({ week: WeekSpan } & WeekSummary)[];
}

/** A post as the drill-down shows it: its day and window in the corp's zone, and the library item it came from. */
export type GuidePostView = MomentPostView & {
  localDate: string;
  inBestWindow: boolean;
  libraryItem: { id: string; title: string } | null;
};

export interface GuidePostsResponse {
  week: WeekSpan;
  plan: MomentsPlan;
  /** The guide's week scored, rule by rule. */
  row: GuideWeekRow;
  /** Oldest first; deleted ones too, marked (they count for nothing). */
  posts: GuidePostView[];
  /** Monday to Sunday: the posting-days calendar. */
  days: { date: string; posts: number; kinds: MomentKind[] }[];
}

/** POST /api/v1/moments/nudges (the guide's store manager, or HQ): an app message saying what the week lacks. */
export const MomentNudgeInput = z.strictObject({
  userid: Text.min(1).max(64),
  /** The week to nudge about; default this week. */
  week: Day.optional(),
});
export type MomentNudgeInput = z.input<typeof MomentNudgeInput>;

export interface MomentNudgeResponse {
  userid: string;
  text: string;
  sentAt: string;
}
