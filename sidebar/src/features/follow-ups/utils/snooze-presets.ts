export interface SnoozePreset {
  key: string;
  label: string;
  until: Date;
}

function at(day: Date, hours: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), hours, 0, 0, 0);
}

/** The usual "later"s, in the device's zone: in an hour, tomorrow 10:00, next Monday 10:00. */
export function snoozePresets(now: Date = new Date()): SnoozePreset[] {
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  // getDay(): 0 Sunday … 6 Saturday; "next Monday" from a Monday is a week away.
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  const monday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday);
  return [
    { key: 'hour', label: '1小时后', until: new Date(now.getTime() + 3_600_000) },
    { key: 'tomorrow', label: '明天上午10点', until: at(tomorrow, 10) },
    { key: 'monday', label: '下周一上午10点', until: at(monday, 10) },
  ];
}
