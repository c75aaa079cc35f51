import type { LifecycleStage } from '../../generated/prisma/client';

/**
 * DESIGN.md §2 会员生命周期, by whole calendar months since joining or the last purchase (whichever is later):
 * 入会期 months 1-3, 唤醒期 4-6, 流失召回期 7-9, 沉睡期 10-12, and beyond that 流失期. "Month 1-3" is the first
 * three months, so a customer 2 months and 29 days in is still 入会期.
 */
export const LIFECYCLE_STAGES: ReadonlyArray<{ stage: LifecycleStage; tag: string; belowMonths: number }> = [
  { stage: 'ONBOARDING', tag: '入会期', belowMonths: 3 },
  { stage: 'AWAKENING', tag: '唤醒期', belowMonths: 6 },
  { stage: 'RECALL', tag: '流失召回期', belowMonths: 9 },
  { stage: 'DORMANT', tag: '沉睡期', belowMonths: 12 },
  { stage: 'LAPSED', tag: '流失期', belowMonths: Infinity },
];

export function stageForMonths(months: number): LifecycleStage {
  return LIFECYCLE_STAGES.find((s) => months < s.belowMonths)!.stage;
}

export function stageTagName(stage: LifecycleStage): string {
  return LIFECYCLE_STAGES.find((s) => s.stage === stage)!.tag;
}

/**
 * The same rule in SQL, for sweeps over every customer: whole months between the reference time and `now`, both
 * read in the corp's time zone (`tz`), so a month turns at local midnight. `ref` and `now` are SQL expressions.
 */
export function stageSql(ref: string, now: string, tz: string): string {
  const months = `(SELECT (extract(year FROM a) * 12 + extract(month FROM a))::int
                   FROM age((${now}) AT TIME ZONE ${tz}, (${ref}) AT TIME ZONE ${tz}) AS a)`;
  const cases = LIFECYCLE_STAGES.filter((s) => Number.isFinite(s.belowMonths))
    .map((s) => `WHEN ${months} < ${s.belowMonths} THEN '${s.stage}'`)
    .join(' ');
  return `(CASE ${cases} ELSE 'LAPSED' END)::lifecycle_stage`;
}
