import { WEEK_RULE_LABELS } from '../contract/moment-labels';
import { type GuideWeekRow, WEEK_RULES } from '../contract/moments';

const bound = (rule: GuideWeekRow['rules'][number]) =>
  'min' in rule.bound ? `≥${rule.bound.min}` : `≤${rule.bound.max}`;

/**
 * The week table as a spreadsheet reads it: one row a guide, each rule's count and whether it passed (its
 * bound in the header, from the plan), the score and the verdict. Chinese headers: the managers open it in Excel.
 */
export function momentsWeekCsvColumns(sample: GuideWeekRow | undefined): string[] {
  const rules = WEEK_RULES.map((name) => {
    const rule = sample?.rules.find((r) => r.rule === name);
    const label = WEEK_RULE_LABELS[name];
    return [rule ? `${label}（${bound(rule)}）` : label, `${label}达标`];
  });
  return ['门店', '导购', '企业微信账号', '发圈条数', ...rules.flat(), '得分', '本周达标'];
}

export function momentsWeekCsvRow(row: GuideWeekRow): (string | number)[] {
  const rules = WEEK_RULES.flatMap((name) => {
    const rule = row.rules.find((r) => r.rule === name);
    return rule ? [rule.actual, rule.passed ? '是' : '否'] : ['', ''];
  });
  return [
    row.guide.store?.name ?? '未分配门店',
    row.guide.name,
    row.guide.userid,
    row.posts,
    ...rules,
    row.score,
    row.passed ? '是' : '否',
  ];
}
