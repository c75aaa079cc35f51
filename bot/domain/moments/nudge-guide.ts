import { DateTime } from 'luxon';
import type { z } from 'zod';
import { AppError, notFound } from '../../errors';
import type { GuideWeekRow, MomentNudgeInput, WeekRuleName, WeekSpan } from '../../http/contract/moments';
import { sendAppText } from '../../wecom/api/message';
import { WecomError } from '../../wecom/errors';
import { type Actor, actorName } from '../access/actor';
import type { DomainDeps } from '../deps';
import { getMomentsSettings } from './moments-settings';
import { weekSpan } from '../schedule/week-span';
import { guideWeekRow } from './score-week';

const unreachable = (userid: string) =>
  new AppError('guide_unreachable', `${userid} cannot receive the app's messages`, { status: 409 });

/** WeCom's limit on an app text message's content (message/send: 2048 bytes). */
const MAX_TEXT_BYTES = 2048;

const SHORT: Record<WeekRuleName, (actual: number, bound: number) => string> = {
  posting_days: (a, b) => `发圈 ${a}/${b} 天，还差 ${b - a} 天`,
  product_days: (a, b) => `产品内容 ${a}/${b} 天，还差 ${b - a} 天`,
  life_days: (a, b) => `生活内容 ${a}/${b} 天，还差 ${b - a} 天`,
  best_window_posts: (a, b) => `黄金时段（午间、晚间）发了 ${a}/${b} 条，还差 ${b - a} 条`,
  brand_posts: (a, b) => `品牌广告 ${a} 条，多了 ${a - b} 条（每周最多 ${b} 条）`,
  flagged_posts: (a) => `${a} 条不合规（一条多个产品或像广告），请改一改`,
};

/** The nudge's words: the week, each rule the guide has not met, and the sidebar's link. */
export function nudgeText(week: WeekSpan, row: GuideWeekRow, sidebarUrl: string | undefined): string {
  const span = `${week.start.slice(5).replace('-', '/')}–${week.end.slice(5).replace('-', '/')}`;
  const lines = row.rules
    .filter((r) => !r.passed)
    .map((r) => `· ${SHORT[r.rule](r.actual, 'min' in r.bound ? r.bound.min : r.bound.max)}`);
  const link = sidebarUrl ? `\n<a href="${sidebarUrl}">打开导购助手，看今天发什么</a>` : '';
  const text = `${row.guide.name}，本周（${span}）朋友圈还差：\n${lines.join('\n')}${link}`;
  // Six short lines and a link stay far under the limit; a long name or link must not make WeCom refuse it.
  return Buffer.byteLength(text) <= MAX_TEXT_BYTES ? text : `${row.guide.name}，本周朋友圈还没达标。${link}`;
}

/**
 * A store manager (their store's guides) or HQ nudges a guide: an app message saying what their Moments week
 * still lacks. At most one a guide a day, claimed before sending so two clicks cannot both send; a week already
 * on plan is not nudged. The claim is given back when WeCom refuses, so the manager can try again.
 */
export async function nudgeGuide(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'wecom' | 'logger'> & {
    agentId: number;
    sidebarUrl: string | undefined;
  },
  actor: Actor,
  input: z.output<typeof MomentNudgeInput>,
  now = new Date(),
): Promise<{ userid: string; text: string; sentAt: Date }> {
  if (actor.kind === 'guide') {
    throw new AppError('forbidden', 'a store manager or HQ nudges a guide', { status: 403 });
  }
  const settings = await getMomentsSettings(deps);
  const week = weekSpan(input.week, settings.timezone, now);
  const row = await guideWeekRow(deps, actor, settings, week.start, input.userid);
  const guide = row && (await deps.db.guide.findUnique({ where: { userid: input.userid } }));
  if (!row || !guide) throw notFound('guide_not_found', `no guide ${input.userid} to nudge`);
  if (row.passed) throw new AppError('week_on_plan', `${input.userid}'s week is on plan`, { status: 409 });
  const text = nudgeText(week, row, deps.sidebarUrl);
  const day = DateTime.fromJSDate(now, { zone: settings.timezone }).toISODate()!;
  const { rows: claimed } = await deps.pool.query<{ id: string }>(
    `INSERT INTO moment_nudge (id, guide_id, day, week_start, sent_by, text, sent_at)
     VALUES (gen_random_uuid(), $1, $2::date, $3::date, $4, $5, $6)
     ON CONFLICT (guide_id, day) DO NOTHING RETURNING id`,
    [guide.id, day, week.start, actorName(actor), text, now],
  );
  const claim = claimed[0];
  if (!claim) {
    throw new AppError('already_nudged', `${input.userid} was nudged today already`, { status: 409 });
  }
  const giveBack = () => deps.db.momentNudge.delete({ where: { id: claim.id } });
  let result;
  try {
    result = await sendAppText(deps.wecom, { agentId: deps.agentId, touser: guide.userid, content: text });
  } catch (error) {
    await giveBack();
    // 81013: no valid recipient (left the corp, or outside the app's visible range).
    throw error instanceof WecomError && error.errcode === 81013 ? unreachable(guide.userid) : error;
  }
  if (result.invaliduser?.split('|').includes(guide.userid)) {
    await giveBack();
    throw unreachable(guide.userid);
  }
  return { userid: guide.userid, text, sentAt: now };
}
