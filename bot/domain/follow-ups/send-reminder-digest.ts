import { DateTime } from 'luxon';
import type { FollowUpKind } from '../../generated/prisma/client';
import { sendAppText } from '../../wecom/api/message';
import type { DomainDeps } from '../deps';
import { isWorkingTime, nextWorkingTime } from '../schedule/business-hours';
import { getCorpSettings } from '../settings/corp-settings';

const KIND_LABEL: Record<FollowUpKind, string> = {
  GREETING: '打招呼',
  SERVICE_REMINDER: '购后服务提醒',
  INTERACTION: '7天互动',
  CUSTOM: '跟进',
};
/** WeCom cuts a text message at 2048 bytes; a digest lists what fits and counts the rest. */
const MAX_TEXT_BYTES = 2048;

export type DigestOutcome =
  { sent: true; count: number } | { sent: false; retryAt: Date | null; reason: string };

/**
 * Sends a guide one app message listing every follow-up now due, at most once per reminder window and only in
 * working hours (WeCom also drops more than 30 messages a minute to one member). Returns when to try again if
 * it cannot send now.
 */
export async function sendReminderDigest(
  deps: DomainDeps & { agentId: number; sidebarUrl: string | undefined },
  guideId: string,
  now = new Date(),
): Promise<DigestOutcome> {
  const { db } = deps;
  const settings = await getCorpSettings({ db });
  if (!isWorkingTime(now, settings)) {
    return { sent: false, retryAt: nextWorkingTime(now, settings), reason: 'outside working hours' };
  }
  const guide = await db.guide.findUniqueOrThrow({ where: { id: guideId } });
  const windowEnd = guide.lastDigestAt
    ? new Date(guide.lastDigestAt.getTime() + settings.reminderWindowMinutes * 60_000)
    : null;
  if (windowEnd && windowEnd > now) {
    return {
      sent: false,
      retryAt: nextWorkingTime(windowEnd, settings),
      reason: 'digest already sent this window',
    };
  }
  const due = await db.followUp.findMany({
    where: { guideId, status: 'PENDING', dueAt: { lte: now } },
    include: { customer: { select: { name: true } } },
    orderBy: { dueAt: 'asc' },
  });
  if (due.length === 0) return { sent: false, retryAt: null, reason: 'nothing due' };

  const content = digestText(
    due.map((f) => {
      const since = DateTime.fromJSDate(f.dueAt, { zone: settings.timezone }).toFormat('M月d日 HH:mm');
      return `· ${KIND_LABEL[f.kind]}：${f.customer.name || '客户'}（${since}起）${f.title ? ` ${f.title}` : ''}`;
    }),
    deps.sidebarUrl,
  );

  // Claim this window first, so two digest jobs running at once cannot both send; give it back if sending fails.
  const windowStart = new Date(now.getTime() - settings.reminderWindowMinutes * 60_000);
  const { count: claimed } = await db.guide.updateMany({
    where: { id: guideId, OR: [{ lastDigestAt: null }, { lastDigestAt: { lte: windowStart } }] },
    data: { lastDigestAt: now },
  });
  if (claimed === 0) return { sent: false, retryAt: null, reason: 'another digest is being sent' };
  try {
    const result = await sendAppText(deps.wecom, { agentId: deps.agentId, touser: guide.userid, content });
    if (result.invaliduser?.split('|').includes(guide.userid)) {
      // Not in the app's visible range (or left the corp): keep the window claimed so we try once a window.
      deps.logger.warn({ guide: guide.userid }, 'guide cannot receive app messages; follow-ups stay pending');
      return { sent: false, retryAt: null, reason: 'guide cannot receive app messages (invaliduser)' };
    }
  } catch (error) {
    await db.guide.updateMany({
      where: { id: guideId, lastDigestAt: now },
      data: { lastDigestAt: guide.lastDigestAt },
    });
    throw error;
  }
  await db.followUp.updateMany({
    where: { id: { in: due.map((f) => f.id) }, status: 'PENDING' },
    data: { status: 'REMINDED', remindedAt: now, statusReason: 'guide reminded' },
  });
  return { sent: true, count: due.length };
}

/** The digest's text within WeCom's byte limit: the link (if any) always fits, lines as many as fit. */
export function digestText(lines: string[], sidebarUrl: string | undefined): string {
  const header = `您有 ${lines.length} 项客户跟进待处理：`;
  const link = sidebarUrl ? `\n<a href="${sidebarUrl}">打开导购助手处理</a>` : '';
  const more = (n: number) => `\n……还有 ${n} 项`;
  let body = '';
  let listed = 0;
  for (const line of lines) {
    const rest = lines.length - listed - 1;
    const candidate = `${body}\n${line}`;
    const size = Buffer.byteLength(header + candidate + (rest > 0 ? more(rest) : '') + link);
    if (size > MAX_TEXT_BYTES) break;
    body = candidate;
    listed += 1;
  }
  return header + body + (listed < lines.length ? more(lines.length - listed) : '') + link;
}
