import { describe, expect, it } from 'vitest';
import { snoozePresets } from '@/features/follow-ups/utils/snooze-presets';

// The tests run in Asia/Shanghai (vite.config.ts): local 10:00 is 02:00Z.
const untilOf = (now: string) =>
  Object.fromEntries(snoozePresets(new Date(now)).map((p) => [p.key, p.until.toISOString()]));

describe('snooze presets', () => {
  it('on a Tuesday afternoon: an hour later, Wednesday 10:00, next Monday 10:00', () => {
    expect(untilOf('2026-12-01T15:30:00+08:00')).toEqual({
      hour: '2026-12-01T08:30:00.000Z',
      tomorrow: '2026-12-02T02:00:00.000Z',
      monday: '2026-12-07T02:00:00.000Z',
    });
  });

  it('from a Monday, next Monday is a week away; from a Sunday, it is tomorrow', () => {
    expect(untilOf('2026-12-07T09:00:00+08:00').monday).toBe('2026-12-14T02:00:00.000Z');
    expect(untilOf('2026-12-06T21:00:00+08:00').monday).toBe('2026-12-07T02:00:00.000Z');
  });

  it('crosses month and year ends', () => {
    expect(untilOf('2026-12-31T23:30:00+08:00')).toEqual({
      hour: '2026-12-31T16:30:00.000Z',
      tomorrow: '2027-01-01T02:00:00.000Z',
      monday: '2027-01-04T02:00:00.000Z',
    });
  });
});
