import { DateTime } from 'luxon';

export interface WorkingHours {
  timezone: string;
  /** "HH:mm", local time. */
  workStart: string;
  workEnd: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workDays: number[];
}

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  timezone: 'Asia/Shanghai',
  workStart: '09:00',
  workEnd: '21:00',
  workDays: [1, 2, 3, 4, 5, 6, 7],
};

function minutesOf(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`working hours must be HH:mm, got ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Whether `at` falls inside working hours (start inclusive, end exclusive). */
export function isWorkingTime(at: Date, hours: WorkingHours): boolean {
  const local = DateTime.fromJSDate(at, { zone: hours.timezone });
  const minute = local.hour * 60 + local.minute;
  return (
    hours.workDays.includes(local.weekday) &&
    minute >= minutesOf(hours.workStart) &&
    minute < minutesOf(hours.workEnd)
  );
}

/**
 * `at` if it is inside working hours, else the next opening: a reminder due at 23:00 waits for 09:00, one due on
 * a day off waits for the next working day. Computed in the corp's time zone, so DST-free zones and DST zones both
 * land on the local opening time.
 */
export function nextWorkingTime(at: Date, hours: WorkingHours): Date {
  if (isWorkingTime(at, hours)) return at;
  const start = minutesOf(hours.workStart);
  if (start >= minutesOf(hours.workEnd)) throw new Error('workStart must be before workEnd');
  if (hours.workDays.length === 0) throw new Error('at least one working day is needed');
  const local = DateTime.fromJSDate(at, { zone: hours.timezone });
  for (let day = 0; day <= 7; day += 1) {
    const opening = local
      .plus({ days: day })
      .set({ hour: Math.floor(start / 60), minute: start % 60, second: 0, millisecond: 0 });
    if (opening > local && hours.workDays.includes(opening.weekday)) return opening.toJSDate();
  }
  throw new Error('no working time within a week');
}
