// Issue #11: the 4+2+2 audit at its edges: the best windows' ends, the week's turn in Asia/Shanghai, brand posts,
// several products, deleted posts and a manager's correction.
import { classifyPost } from '../../bot/domain/moments/classify-post';
import {
  DEFAULT_MOMENTS_PLAN,
  DEFAULT_MOMENTS_RULES,
  parseMomentsPlan,
} from '../../bot/domain/moments/moments-plan';
import { MomentsPlan } from '../../bot/http/contract/moments';
import { postTiming, weekStartOf } from '../../bot/domain/moments/post-timing';
import {
  type AuditedPost,
  passedRulesMask,
  ruleBounds,
  scoreGuideWeek,
  scoreOf,
  scoreWeekCounts,
} from '../../bot/domain/moments/score-guide-week';
import { WEEK_RULES } from '../../bot/http/contract/moments';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const timing = (local: string) => postTiming(at(local), DEFAULT_MOMENTS_PLAN, TZ);

describe('a post’s timing', () => {
  it('counts 11:30 and 14:00 exactly as inside the noon window, a second either side as outside', () => {
    expect(timing('2026-11-25T11:30:00').inBestWindow).toBe(true);
    expect(timing('2026-11-25T14:00:00').inBestWindow).toBe(true);
    expect(timing('2026-11-25T11:29:59').inBestWindow).toBe(false);
    expect(timing('2026-11-25T14:00:01').inBestWindow).toBe(false);
    expect(timing('2026-11-25T20:00:00').inBestWindow).toBe(true);
    expect(timing('2026-11-25T23:30:00').inBestWindow).toBe(true);
    expect(timing('2026-11-25T23:30:01').inBestWindow).toBe(false);
    expect(timing('2026-11-25T17:00:00').inBestWindow).toBe(false);
  });

  it('puts Sunday 23:59 in its week and Monday 00:00 in the next, in the corp’s time zone', () => {
    const sunday = timing('2026-11-29T23:59:59');
    const monday = timing('2026-11-30T00:00:00');
    expect(sunday).toMatchObject({ localDate: '2026-11-29', weekStart: '2026-11-23' });
    expect(monday).toMatchObject({ localDate: '2026-11-30', weekStart: '2026-11-30' });
    // In UTC both are still Sunday (15:59 and 16:00): the corp's zone decides, not the server's.
    expect(weekStartOf(at('2026-11-30T00:00:00'), 'UTC')).toBe('2026-11-23');
  });

  it('follows the corp’s own windows', () => {
    const plan = parseMomentsPlan({ bestWindows: [{ start: '07:00', end: '08:00' }] });
    expect(postTiming(at('2026-11-25T07:30:00'), plan, TZ).inBestWindow).toBe(true);
    expect(postTiming(at('2026-11-25T12:00:00'), plan, TZ).inBestWindow).toBe(false);
  });
});

describe('the plan', () => {
  it('defaults to 4+2+2: 6 posting days, 4 product, 2 life, 2 in the best windows, brand at most once', () => {
    expect(DEFAULT_MOMENTS_PLAN).toEqual({
      postingDays: 6,
      productDays: 4,
      lifeDays: 2,
      bestWindowPosts: 2,
      bestWindows: [
        { start: '11:30', end: '14:00' },
        { start: '20:00', end: '23:30' },
      ],
      maxBrandPosts: 1,
    });
    expect(parseMomentsPlan({ postingDays: 5 })).toMatchObject({ postingDays: 5, productDays: 4 });
  });

  it('refuses a plan it cannot score against', () => {
    for (const bad of [
      { postingDays: 8 },
      { productDays: -1 },
      { bestWindows: [{ start: '14:00', end: '11:30' }] },
      { bestWindows: [{ start: '25:00', end: '26:00' }] },
      { maxBrandPosts: 1.5 },
    ]) {
      expect(MomentsPlan.safeParse(bad).success).toBe(false);
    }
  });
});

/** A post on a day of the week of Monday 2026-11-23, at a time, of a kind. */
function post(day: number, time: string, kind: AuditedPost['kind'], extra: Partial<AuditedPost> = {}) {
  const local = `2026-11-${String(22 + day).padStart(2, '0')}T${time}`;
  return {
    localDate: timing(local).localDate,
    inBestWindow: timing(local).inBestWindow,
    kind,
    productCount: kind === 'product' ? 1 : 0,
    readsLikeAd: false,
    deleted: false,
    ...extra,
  } satisfies AuditedPost;
}

/** 4 product days, 2 life days, 2 posts in the best windows, one brand post: a week that meets the plan. */
const GOOD_WEEK: AuditedPost[] = [
  post(1, '12:00:00', 'product'),
  post(2, '21:00:00', 'product'),
  post(3, '09:00:00', 'product'),
  post(4, '16:00:00', 'product'),
  post(5, '10:00:00', 'life'),
  post(6, '10:00:00', 'life'),
  post(6, '15:00:00', 'brand'),
];

const ruleOf = (posts: AuditedPost[], rule: string) =>
  scoreGuideWeek(posts, DEFAULT_MOMENTS_PLAN).rules.find((r) => r.rule === rule)!;

describe('a guide’s week', () => {
  it('passes every rule when it meets the plan', () => {
    const week = scoreGuideWeek(GOOD_WEEK, DEFAULT_MOMENTS_PLAN);
    expect(week).toMatchObject({ score: 100, passed: true, posts: 7 });
    expect(week.rules.map((r) => [r.rule, r.actual, r.passed])).toEqual([
      ['posting_days', 6, true],
      ['product_days', 4, true],
      ['life_days', 2, true],
      ['best_window_posts', 2, true],
      ['brand_posts', 1, true],
      ['flagged_posts', 0, true],
    ]);
  });

  it('fails the brand rule with brand posts on two days', () => {
    const week = [...GOOD_WEEK, post(7, '10:00:00', 'brand')];
    expect(ruleOf(week, 'brand_posts')).toMatchObject({ actual: 2, bound: { max: 1 }, passed: false });
    expect(scoreGuideWeek(week, DEFAULT_MOMENTS_PLAN)).toMatchObject({ score: 83, passed: false });
  });

  it('flags a post of two products, and one that reads like an ad', () => {
    expect(
      ruleOf([...GOOD_WEEK, post(7, '10:00:00', 'product', { productCount: 2 })], 'flagged_posts'),
    ).toMatchObject({
      actual: 1,
      passed: false,
    });
    expect(ruleOf([post(1, '10:00:00', 'life', { readsLikeAd: true })], 'flagged_posts').actual).toBe(1);
  });

  it('counts a deleted post for nothing', () => {
    const week = GOOD_WEEK.map((p, i) => (i === 0 ? { ...p, deleted: true } : p));
    const score = scoreGuideWeek(week, DEFAULT_MOMENTS_PLAN);
    expect(score.posts).toBe(6);
    expect(ruleOf(week, 'posting_days')).toMatchObject({ actual: 5, passed: false });
    expect(ruleOf(week, 'product_days')).toMatchObject({ actual: 3, passed: false });
    expect(ruleOf(week, 'best_window_posts')).toMatchObject({ actual: 1, passed: false });
  });

  it('counts a day with a product and a life post for both, but as one posting day', () => {
    const week = [post(1, '10:00:00', 'product'), post(1, '12:00:00', 'life')];
    expect(ruleOf(week, 'posting_days').actual).toBe(1);
    expect(ruleOf(week, 'product_days').actual).toBe(1);
    expect(ruleOf(week, 'life_days').actual).toBe(1);
  });
});

describe('classifying a post', () => {
  const rules = { ...DEFAULT_MOMENTS_RULES, productNames: ['腊肉', '剁椒'] };

  it('takes the kind of the library item it came from, and its product', () => {
    const c = classifyPost(
      { text: '周末和家人一起做了一桌湘菜', library: { kind: 'product', productName: '腊肉' } },
      rules,
    );
    expect(c).toMatchObject({ kind: 'product', source: 'library', products: ['腊肉'], readsLikeAd: false });
  });

  it('by the corp’s rules otherwise: brand keyword, product name, else life', () => {
    expect(classifyPost({ text: '品牌故事：二十年只做一件事' }, rules).kind).toBe('brand');
    expect(classifyPost({ text: '今天的腊肉切好了' }, rules)).toMatchObject({
      kind: 'product',
      products: ['腊肉'],
    });
    expect(classifyPost({ text: '雨后的梅溪湖' }, rules)).toMatchObject({ kind: 'life', source: 'rules' });
    expect(classifyPost({ text: '腊肉配剁椒，绝了' }, rules).products).toEqual(['腊肉', '剁椒']);
  });

  it('reads a post as an ad from enough of the signals', () => {
    expect(classifyPost({ text: '限时秒杀，腊肉' }, rules)).toMatchObject({
      readsLikeAd: true,
      adSignals: ['限时', '秒杀'],
    });
    expect(classifyPost({ text: '限时供应的腊肉' }, rules).readsLikeAd).toBe(false);
  });

  it('keeps a manager’s correction over the library and the rules', () => {
    const c = classifyPost(
      {
        text: '限时秒杀，腊肉',
        library: { kind: 'product', productName: '腊肉' },
        corrected: { kind: 'life', readsLikeAd: false },
      },
      rules,
    );
    expect(c).toMatchObject({ kind: 'life', source: 'manager', readsLikeAd: false, products: ['腊肉'] });
  });
});

describe('the compact reading the roll-ups use', () => {
  it('passes exactly the rules the full reading passes, at and either side of each bound', () => {
    const bounds = ruleBounds(DEFAULT_MOMENTS_PLAN);
    let checked = 0;
    for (const postingDays of [5, 6, 7])
      for (const productDays of [3, 4])
        for (const lifeDays of [1, 2])
          for (const bestWindowPosts of [1, 2, 3])
            for (const brandPosts of [0, 1, 2])
              for (const flaggedPosts of [0, 1]) {
                const counts = {
                  posts: 9,
                  postingDays,
                  productDays,
                  lifeDays,
                  bestWindowPosts,
                  brandPosts,
                  flaggedPosts,
                };
                const full = scoreWeekCounts(counts, DEFAULT_MOMENTS_PLAN);
                const mask = passedRulesMask(counts, bounds);
                expect(full.rules.map((r) => r.rule)).toEqual(WEEK_RULES);
                expect(full.rules.map((r, i) => Boolean(mask & (1 << i)))).toEqual(
                  full.rules.map((r) => r.passed),
                );
                expect(scoreOf(full.rules.filter((r) => r.passed).length)).toBe(full.score);
                checked += 1;
              }
    expect(checked).toBe(216);
  });
});
