// Dates, money and labels as a guide reads them. Dates are shown in the device's zone: the guide's phone is
// where "today" and "10 点" mean something to them.

const DAY_MS = 86_400_000;

const money = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });

/** Fen (分) as yuan: 129900 → ¥1,299.00. */
export function formatMoney(cents: number): string {
  return money.format(cents / 100);
}

const pad = (n: number): string => String(n).padStart(2, '0');

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Whole calendar days from `now`'s day to `date`'s day (negative: in the past). */
export function dayDiff(date: Date, now: Date = new Date()): number {
  return Math.round((startOfDay(date) - startOfDay(now)) / DAY_MS);
}

/** A day: 今天 / 昨天 / 明天 / 11月2日 / 2025年11月2日. */
export function formatDay(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const diff = dayDiff(date, now);
  if (diff === 0) return '今天';
  if (diff === -1) return '昨天';
  if (diff === 1) return '明天';
  const md = `${date.getMonth() + 1}月${date.getDate()}日`;
  return date.getFullYear() === now.getFullYear() ? md : `${date.getFullYear()}年${md}`;
}

/** A moment: 今天 14:30, 11月2日 09:05. */
export function formatDateTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  return `${formatDay(iso, now)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** How long ago: 刚刚, 5分钟前, 3小时前, 2天前, then the day. */
export function formatAgo(iso: string, now: Date = new Date()): string {
  const ms = now.getTime() - new Date(iso).getTime();
  if (ms < 60_000) return '刚刚';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}分钟前`;
  if (ms < DAY_MS) return `${Math.floor(ms / 3_600_000)}小时前`;
  if (ms < 30 * DAY_MS) return `${Math.floor(ms / DAY_MS)}天前`;
  return formatDay(iso, now);
}

/** A due time relative to now: 已逾期 2 天 / 今天 18:00 到期. */
export function formatDue(iso: string, now: Date = new Date()): { text: string; isOverdue: boolean } {
  const date = new Date(iso);
  if (date.getTime() < now.getTime()) {
    const days = -dayDiff(date, now);
    return {
      text: days > 0 ? `已逾期 ${days} 天` : `已逾期（${formatDateTime(iso, now)}）`,
      isOverdue: true,
    };
  }
  return { text: `${formatDateTime(iso, now)} 到期`, isOverdue: false };
}
