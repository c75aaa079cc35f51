import type { GuideWeekRow } from '@contract/moments';
import { WEEK_RULE_LABELS } from '@/lib/labels';

/** This week against the plan, one chip a rule: done (green) or still to do, with the count and the bound. */
export function WeekProgress({ progress }: { progress: GuideWeekRow }) {
  return (
    <ul className="moment-progress" aria-label="本周进度">
      {progress.rules.map((r) => {
        const bound = 'min' in r.bound ? `/${r.bound.min}` : ` ≤${r.bound.max}`;
        return (
          <li
            key={r.rule}
            className={`moment-rule ${r.passed ? 'moment-rule-ok' : 'moment-rule-todo'}`}
            aria-label={`${WEEK_RULE_LABELS[r.rule] ?? r.rule} ${r.actual}${bound}${r.passed ? ' 已达成' : ' 未达成'}`}
          >
            <span className="moment-rule-name">{WEEK_RULE_LABELS[r.rule] ?? r.rule}</span>
            <span className="moment-rule-count">
              {r.actual}
              <span className="moment-rule-bound">{bound}</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
