import type { DemoTagGroup } from './demo-types';

/** Seed corp tags: two of the default tag groups from DESIGN.md §2, with fixed WeCom-style ids (`et…`). */

/** A fixed past moment (2026-03-31, unix seconds) so seeded data looks "old" next to anything a test creates. */
export const SEED_TIME = 1_775_000_000;
export const DAY = 86_400;

export const TAG = {
  onboarding: 'et08JKqWPjAUVcRghe6-3s3mPH7hciwC', // 入会期
  awakening: 'etOogwEM1i55Z2oNzsvRsNn14hhRSUTE', // 唤醒期
  recall: 'etF9n2Img7_VRiXp8t_eb_plpY76Fi-Y', // 流失召回期
  dormant: 'etALsw9vGdtFEyO8iID2QiyXJaFdYZSW', // 沉睡期
  specialty: 'etzFjUwPq1codS7Q6RVj5kR8fDpUgnQ1', // 特产
  snacks: 'etmwMgL2vbG7iHhZWnPkhsUQur4eUJIy', // 零食
  gifting: 'etTAN9MLfHbaxyWRuy9GxONQ3DzavIpv', // 送礼
} as const;

export const DEMO_TAG_GROUPS: DemoTagGroup[] = [
  {
    groupId: 'et7iw7hGyPcBdxhPZRUGr_XjndyVJBp8',
    groupName: '运营标签',
    createTime: SEED_TIME - 30 * DAY,
    order: 2,
    tags: [
      { id: TAG.onboarding, name: '入会期', createTime: SEED_TIME - 30 * DAY, order: 4 },
      { id: TAG.awakening, name: '唤醒期', createTime: SEED_TIME - 30 * DAY, order: 3 },
      { id: TAG.recall, name: '流失召回期', createTime: SEED_TIME - 30 * DAY, order: 2 },
      { id: TAG.dormant, name: '沉睡期', createTime: SEED_TIME - 30 * DAY, order: 1 },
    ],
  },
  {
    groupId: 'eth7xkAHB0WQ7hXMd_08u_95BNQyOC1M',
    groupName: '生活标签',
    createTime: SEED_TIME - 29 * DAY,
    order: 1,
    tags: [
      { id: TAG.specialty, name: '特产', createTime: SEED_TIME - 29 * DAY, order: 3 },
      { id: TAG.snacks, name: '零食', createTime: SEED_TIME - 29 * DAY, order: 2 },
      { id: TAG.gifting, name: '送礼', createTime: SEED_TIME - 29 * DAY, order: 1 },
    ],
  },
];
