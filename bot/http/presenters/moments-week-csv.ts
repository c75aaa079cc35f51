import { WEEK_RULE_LABELS } from '../contract/moment-labels';
import type { RuleBound } from '../../domain/moments/score-week';
import type { GuideWeekRow } from '../contract/moments';

const boundText = ({ bound }: RuleBound) => ('min' in bound ? `≥${bound.min}` : `≤${bound.max}`);

/**
 * The week table as a spreadsheet reads it: one row a guide, each rule's count and whether it passed (its
 * bound under the plan in the header), the score and the verdict. Chinese headers: managers open it in Excel.
 */
export function momentsWeekCsvColumns(bounds: readonly RuleBound[]): string[] {
  const rules = bounds.map((b) => {
    const label = WEEK_RULE_LABELS[b.rule];
    return [`${label}（${boundText(b)}）`, `${label}达标`];
  });
  return ['门店', '导购', '企业微信账号', '发圈条数', ...rules.flat(), '得分', '本周达标'];
}

export function momentsWeekCsvRow(row: GuideWeekRow): (string | number)[] {
  // The rules come in WEEK_RULES' order, as the header's bounds do.
  const rules = row.rules.flatMap((r) => [r.actual, r.passed ? '是' : '否']);
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
