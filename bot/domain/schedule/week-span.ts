import { DateTime } from 'luxon';
import type { WeekSpan } from '../../http/contract/moments';

/**
 * The week holding `day` (yyyy-mm-dd; default the week of `now`), Monday to Sunday in the zone: how the Moments
 * audit and the follow-up discipline both read a week.
 */
export function weekSpan(day: string | undefined, timezone: string, now: Date): WeekSpan {
  const at = day ? DateTime.fromISO(day, { zone: timezone }) : DateTime.fromJSDate(now, { zone: timezone });
  const start = at.startOf('week');
  return { start: start.toISODate()!, end: start.plus({ days: 6 }).toISODate()!, timezone };
}
