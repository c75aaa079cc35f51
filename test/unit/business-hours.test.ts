import {
  DEFAULT_WORKING_HOURS,
  isWorkingTime,
  nextWorkingTime,
} from '../../bot/domain/schedule/business-hours';

// Asia/Shanghai is UTC+8 all year.
const cst = (iso: string) => new Date(`${iso}+08:00`);
const weekdaysOnly = { ...DEFAULT_WORKING_HOURS, workDays: [1, 2, 3, 4, 5] };

describe('business hours', () => {
  it('keeps a time inside working hours as it is', () => {
    expect(nextWorkingTime(cst('2026-11-23T10:30:00'), DEFAULT_WORKING_HOURS)).toEqual(
      cst('2026-11-23T10:30:00'),
    );
  });

  it('moves a late-evening time across midnight to the next opening', () => {
    expect(nextWorkingTime(cst('2026-11-23T22:15:00'), DEFAULT_WORKING_HOURS)).toEqual(
      cst('2026-11-24T09:00:00'),
    );
  });

  it('moves an early-morning time to the same day’s opening', () => {
    expect(nextWorkingTime(cst('2026-11-24T06:00:00'), DEFAULT_WORKING_HOURS)).toEqual(
      cst('2026-11-24T09:00:00'),
    );
  });

  it('treats closing time as closed and opening time as open', () => {
    expect(isWorkingTime(cst('2026-11-23T21:00:00'), DEFAULT_WORKING_HOURS)).toBe(false);
    expect(isWorkingTime(cst('2026-11-23T09:00:00'), DEFAULT_WORKING_HOURS)).toBe(true);
    expect(nextWorkingTime(cst('2026-11-23T21:00:00'), DEFAULT_WORKING_HOURS)).toEqual(
      cst('2026-11-24T09:00:00'),
    );
  });

  it('skips the weekend when the corp works Monday to Friday', () => {
    // 2026-11-27 is a Friday.
    expect(nextWorkingTime(cst('2026-11-27T21:30:00'), weekdaysOnly)).toEqual(cst('2026-11-30T09:00:00'));
    expect(nextWorkingTime(cst('2026-11-28T12:00:00'), weekdaysOnly)).toEqual(cst('2026-11-30T09:00:00'));
  });

  it('works in the corp’s own time zone, whatever the server’s', () => {
    const berlin = { ...DEFAULT_WORKING_HOURS, timezone: 'Europe/Berlin' };
    // 07:00 UTC on a winter Monday is 08:00 in Berlin: opens at 09:00 Berlin = 08:00 UTC.
    expect(nextWorkingTime(new Date('2026-11-23T07:00:00Z'), berlin)).toEqual(
      new Date('2026-11-23T08:00:00Z'),
    );
  });
});
