import type { MomentsWeekResponse } from '@contract/moments';
import { Statistic, Tag } from 'antd';
import { WEEK_RULE_LABELS } from '@/lib/labels';

/** The week added up: who passed every rule, the mean score, posts, and how many passed each rule. */
export function WeekSummaryCard({ data }: { data: MomentsWeekResponse }) {
  const { summary, plan } = data;
  return (
    <>
      <div className="desk-stats">
        <Statistic title="全部达标" value={summary.passed} suffix={`/ ${summary.guides} 人`} />
        <Statistic title="平均分" value={summary.averageScore} precision={1} />
        <Statistic title="本周发圈" value={summary.posts} suffix="条" />
      </div>
      <div className="desk-rule-passes" aria-label="各项达标人数">
        {summary.rules.map((r) => (
          <Tag key={r.rule} color={r.passed === summary.guides ? 'success' : 'default'}>
            {WEEK_RULE_LABELS[r.rule]} {r.passed}/{summary.guides}
          </Tag>
        ))}
      </div>
      <p className="desk-plan">
        计划：每周发圈 {plan.postingDays} 天，其中产品 {plan.productDays} 天、生活 {plan.lifeDays}{' '}
        天；黄金时段（
        {plan.bestWindows.map((w) => `${w.start}-${w.end}`).join('、')}）至少 {plan.bestWindowPosts}{' '}
        条；品牌广告至多 {plan.maxBrandPosts} 条。
      </p>
    </>
  );
}
