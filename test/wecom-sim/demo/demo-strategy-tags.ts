import type { DemoCorp } from './demo-types';
import { DAY, SEED_TIME } from './demo-tags';

/**
 * One console-made 规则组 (rule group) with a tag group of its own: get_strategy_tag_list returns it,
 * get_corp_tag_list does not (doc 94882). No seed customer carries these tags, so existing flows see no type-3 tags.
 */

export const DEMO_STRATEGY_ID = 1;

export const STRATEGY_TAG = {
  vip: 'etS7aq2VQKc0wQy1bYGnJ3x0Hk9qFvTr', // 门店VIP
  newcomer: 'etS7bR8mN4uE6pL2cW9yA1sD5fG3hJkZ', // 新客
} as const;

export const DEMO_STRATEGIES: NonNullable<DemoCorp['strategies']> = [
  { strategyId: DEMO_STRATEGY_ID, strategyName: '长沙门店规则组' },
];

export const DEMO_STRATEGY_TAG_GROUPS: NonNullable<DemoCorp['strategyTagGroups']> = [
  {
    strategyId: DEMO_STRATEGY_ID,
    groupId: 'etS7grpXk2LmQ9wR4tY6uI8oP0aS3dF5',
    groupName: '门店专属',
    createTime: SEED_TIME - 20 * DAY,
    order: 1,
    tags: [
      { id: STRATEGY_TAG.vip, name: '门店VIP', createTime: SEED_TIME - 20 * DAY, order: 2 },
      { id: STRATEGY_TAG.newcomer, name: '新客', createTime: SEED_TIME - 20 * DAY, order: 1 },
    ],
  },
];
