/**
 * The default tag taxonomy (DESIGN.md §2), created in WeCom when a group of this name is missing and the corp
 * setting asks for it. Tag names are ≤30 characters (WeCom's limit). WeCom has no empty groups, so 个性化标签
 * starts with one tag guides can use at once.
 */
export const DEFAULT_TAXONOMY: ReadonlyArray<{ group: string; tags: readonly string[] }> = [
  {
    group: '购买标签',
    tags: ['高消费', '中消费', '低消费', '高客单价', '中客单价', '低客单价'],
  },
  {
    group: '运营标签',
    tags: ['入会期', '唤醒期', '流失召回期', '沉睡期', '流失期', '高频复购', '低频复购'],
  },
  {
    group: '属性标签',
    tags: [
      '学生',
      '企业白领',
      '自由职业',
      '宝妈',
      '18-24岁',
      '25-34岁',
      '35-45岁',
      '45岁以上',
      '本地',
      '外地',
    ],
  },
  { group: '生活标签', tags: ['特产', '零食', '送礼'] },
  { group: '个性化标签', tags: ['重点关注'] },
];

/** The group lifecycle and repurchase tags live in. */
export const OPERATIONS_GROUP = '运营标签';
/** The group spend, order-value and preference tags live in. */
export const PURCHASE_GROUP = '购买标签';
