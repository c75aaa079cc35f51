import { LIFECYCLE_STAGES, stageForMonths, stageTagName } from '../../bot/domain/lifecycle/lifecycle-stage';
import {
  bandFor,
  bandsFrom,
  DEFAULT_SPEND_BANDS,
  preferenceTagName,
} from '../../bot/domain/lifecycle/purchase-bands';

describe('lifecycle stage', () => {
  it('follows DESIGN.md: months 1-3 入会期, 4-6 唤醒期, 7-9 流失召回期, 10-12 沉睡期, then 流失期', () => {
    const names = Array.from({ length: 15 }, (_, m) => stageTagName(stageForMonths(m)));
    expect(names).toEqual([
      ...Array<string>(3).fill('入会期'),
      ...Array<string>(3).fill('唤醒期'),
      ...Array<string>(3).fill('流失召回期'),
      ...Array<string>(3).fill('沉睡期'),
      ...Array<string>(3).fill('流失期'),
    ]);
    expect(LIFECYCLE_STAGES.map((s) => s.stage)).toEqual([
      'ONBOARDING',
      'AWAKENING',
      'RECALL',
      'DORMANT',
      'LAPSED',
    ]);
  });
});

describe('purchase bands', () => {
  it('puts a figure in the highest band it reaches', () => {
    expect(bandFor(DEFAULT_SPEND_BANDS, 0)).toBe('低消费');
    expect(bandFor(DEFAULT_SPEND_BANDS, 99_999)).toBe('低消费');
    expect(bandFor(DEFAULT_SPEND_BANDS, 100_000)).toBe('中消费');
    expect(bandFor(DEFAULT_SPEND_BANDS, 5_000_000)).toBe('高消费');
    expect(bandFor([{ name: 'VIP', minCents: 100 }], 99)).toBeNull();
  });

  it('falls back to the defaults when the setting is empty or malformed', () => {
    expect(bandsFrom([], DEFAULT_SPEND_BANDS)).toBe(DEFAULT_SPEND_BANDS);
    expect(bandsFrom([{ name: '', minCents: -1 }], DEFAULT_SPEND_BANDS)).toBe(DEFAULT_SPEND_BANDS);
    expect(bandsFrom([{ name: '金卡', minCents: 10 }], DEFAULT_SPEND_BANDS)).toEqual([
      { name: '金卡', minCents: 10 },
    ]);
  });

  it("keeps preference tag names within WeCom's 30 characters", () => {
    expect(preferenceTagName('零食')).toBe('偏好零食');
    expect(preferenceTagName('很'.repeat(40))).toHaveLength(30);
  });
});
