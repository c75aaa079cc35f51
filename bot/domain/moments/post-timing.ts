import { DateTime } from 'luxon';
import type { MomentsPlan } from './moments-plan';

/** Where a post falls in the corp's calendar: its local day, its week (Monday's date) and a best window or not. */
export interface PostTiming {
  /** yyyy-mm-dd, local. */
  localDate: string;
  /** The Monday that starts its week, yyyy-mm-dd, local (weeks run Monday to Sunday). */
  weekStart: string;
  inBestWindow: boolean;
}

const secondsOf = (clock: string): number => {
  const [h, m] = clock.split(':').map(Number);
  return h! * 3600 + m! * 60;
};

/**
 * The post's timing in the corp's time zone. A window includes both its ends to the second: 11:30:00 and 14:00:00
 * are inside 11:30-14:00, 14:00:01 is not (WeCom's create_time has whole seconds).
 */
export function postTiming(
  createdAt: Date,
  plan: Pick<MomentsPlan, 'bestWindows'>,
  timezone: string,
): PostTiming {
  const local = DateTime.fromJSDate(createdAt, { zone: timezone });
  if (!local.isValid) throw new Error(`invalid time zone ${timezone}`);
  const second = local.hour * 3600 + local.minute * 60 + local.second;
  return {
    localDate: local.toISODate(),
    // Luxon's weeks are ISO weeks: they start on Monday.
    weekStart: local.startOf('week').toISODate(),
    inBestWindow: plan.bestWindows.some((w) => secondsOf(w.start) <= second && second <= secondsOf(w.end)),
  };
}

/** The Monday (yyyy-mm-dd) of the week that holds `at`, in the corp's time zone. */
export function weekStartOf(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).startOf('week').toISODate()!;
}

/**
 * The best window a guide should post in next: the one they are in (from now), else the next to open, today or
 * tomorrow. None when the plan has no windows.
 */
export function nextBestWindow(
  now: Date,
  plan: Pick<MomentsPlan, 'bestWindows'>,
  timezone: string,
): { start: Date; end: Date; open: boolean } | null {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  const windows = [0, 1].flatMap((days) =>
    plan.bestWindows.map((w) => {
      const day = local.startOf('day').plus({ days });
      return {
        start: day.plus({ seconds: secondsOf(w.start) }),
        end: day.plus({ seconds: secondsOf(w.end) }),
      };
    }),
  );
  const next = windows
    .filter((w) => w.end >= local)
    .sort((a, b) => a.start.toMillis() - b.start.toMillis())[0];
  if (!next) return null;
  return { start: next.start.toJSDate(), end: next.end.toJSDate(), open: next.start <= local };
}
