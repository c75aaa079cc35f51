// Contract-typed answers for the fake server: each builder gives a whole, valid response that a test changes
// only where it matters to it.
import type { CustomerViewResponse } from '@contract/customer-view';
import type { FollowUp } from '@contract/follow-ups';
import type { MomentSuggestionResponse, SuggestedItem } from '@contract/moment-share';
import type { MyDayResponse } from '@contract/my-day';
import type { Script, ScriptListResponse } from '@contract/scripts';
import type { JsapiSignatureResponse, MeResponse } from '@contract/session';
import type { RelationTagsResponse } from '@contract/tags';
import type { TimelineItem, TimelineResponse } from '@contract/timeline';

export const RELATION_ID = '6f1c2a3b-0000-4000-8000-000000000001';
export const EXTERNAL_USERID = 'wmCustomer001';
export const TAG_HIGH_INTENT = '7a000000-0000-4000-8000-000000000001';
export const TAG_VIP = '7a000000-0000-4000-8000-000000000002';
export const TAG_RULE = '7a000000-0000-4000-8000-000000000003';

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

export function me(overrides: Partial<MeResponse> = {}): MeResponse {
  return {
    role: 'guide',
    userid: 'zhangsan',
    name: '张三',
    store: { id: 'store-1', name: '长沙五一店' },
    wecom: { corpId: 'ww1234567890abcdef', agentId: 1000002 },
    ...overrides,
  };
}

export function signature(signature = 'f'.repeat(40)): JsapiSignatureResponse {
  return { timestamp: 1764640000, nonceStr: 'nonce123', signature };
}

export function followUp(overrides: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 'fu-1',
    kind: 'INTERACTION',
    status: 'PENDING',
    statusReason: null,
    title: '7天互动',
    note: null,
    dueAt: hoursFromNow(2),
    validFrom: hoursFromNow(-24 * 7),
    orderId: null,
    groupId: null,
    remindedAt: null,
    closedAt: null,
    createdAt: hoursFromNow(-24 * 7),
    ...overrides,
  };
}

export function relationTags(overrides: Partial<RelationTagsResponse> = {}): RelationTagsResponse {
  return {
    relationId: RELATION_ID,
    corpTags: [{ id: TAG_VIP, name: 'VIP', groupName: '运营标签', pending: false }],
    ruleGroupTags: [],
    personalTags: ['爱喝茶'],
    changes: [],
    ...overrides,
  };
}

export function customerView(overrides: Partial<CustomerViewResponse> = {}): CustomerViewResponse {
  return {
    relationId: RELATION_ID,
    customer: {
      externalUserid: EXTERNAL_USERID,
      name: '王小美',
      avatar: null,
      type: 1,
      gender: 2,
      corpName: null,
      position: null,
    },
    relation: {
      guide: { userid: 'zhangsan', name: '张三' },
      status: 'ACTIVE',
      remark: null,
      description: null,
      addedAt: hoursFromNow(-24 * 30),
      addWay: 1,
      channel: { id: 'ch-1', name: '门店活码' },
      lastInteractionAt: hoursFromNow(-24 * 3),
      welcome: { status: 'SENT', sentAt: hoursFromNow(-24 * 30) },
    },
    lifecycle: { stage: 'ONBOARDING', changedAt: hoursFromNow(-24 * 30) },
    purchases: {
      orderCount: 3,
      spendCents: 129900,
      lastPurchaseAt: hoursFromNow(-24 * 10),
      preferredCategory: '女装',
      recent: [
        {
          id: 'o-1',
          orderNo: 'PO1001',
          amountCents: 59900,
          purchasedAt: hoursFromNow(-24 * 10),
          itemCount: 2,
        },
      ],
    },
    tags: relationTags(),
    taxonomy: [
      {
        id: 'g-ops',
        name: '运营标签',
        canEdit: true,
        tags: [
          { id: TAG_HIGH_INTENT, name: '高意向' },
          { id: TAG_VIP, name: 'VIP' },
        ],
      },
      { id: 'g-rule', name: '消费能力', canEdit: false, tags: [{ id: TAG_RULE, name: '高消费' }] },
    ],
    groups: [{ id: 'grp-1', name: '湖南特产爱好者', kind: 'RULE' }],
    followUps: [{ ...followUp(), suggestedMessage: '王小美您好，最近新到了几款秋装，有空来店里看看～' }],
    ...overrides,
  };
}

export function script(overrides: Partial<Script> = {}): Script {
  return {
    id: 'sc-1',
    kind: 'text',
    category: '问候',
    title: '节日问候',
    content: '王小美您好，我是张三，祝您节日快乐！',
    link: null,
    keywords: [],
    createdAt: hoursFromNow(-48),
    updatedAt: hoursFromNow(-48),
    ...overrides,
  };
}

export function scriptList(
  scripts: Script[],
  overrides: Partial<ScriptListResponse> = {},
): ScriptListResponse {
  return { scripts, categories: ['问候', '新品'], nextCursor: null, ...overrides };
}

export function timelineItem(n: number, overrides: Partial<TimelineItem> = {}): TimelineItem {
  return {
    id: `interaction:${n}`,
    kind: 'interaction',
    at: hoursFromNow(-n),
    title: `互动 ${n}`,
    detail: null,
    ...overrides,
  };
}

export function timelinePage(items: TimelineItem[], nextCursor: string | null = null): TimelineResponse {
  return { items, nextCursor };
}

type DayFollowUp = MyDayResponse['followUps'][number];

export function dayFollowUp(overrides: Partial<DayFollowUp> = {}): DayFollowUp {
  return {
    ...followUp(),
    customer: { externalUserid: EXTERNAL_USERID, name: '王小美', avatar: null, remark: null },
    relationId: RELATION_ID,
    isOverdue: false,
    ...overrides,
  };
}

export function myDay(overrides: Partial<MyDayResponse> = {}): MyDayResponse {
  return {
    date: '2026-12-02',
    followUps: [],
    counts: { dueToday: 0, overdue: 0, doneToday: 0 },
    generatedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function suggestedItem(overrides: Partial<SuggestedItem> = {}): SuggestedItem {
  return {
    id: '9b000000-0000-4000-8000-000000000001',
    kind: 'product',
    title: '剁椒上新',
    text: '自家剁椒，现剁现腌，拌面一勺就香。',
    media: { type: 'images', images: ['https://img.example.com/duojiao-1.jpg'] },
    product: '剁椒酱',
    sellingPoint: '现剁现腌',
    audienceTags: [],
    validFrom: '2026-11-01',
    validUntil: null,
    archived: false,
    createdBy: 'hq',
    createdAt: '2026-11-01T02:00:00.000Z',
    updatedAt: '2026-11-01T02:00:00.000Z',
    matchingCustomers: 3,
    ...overrides,
  };
}

const RULE_BOUNDS = {
  posting_days: { min: 6 },
  product_days: { min: 4 },
  life_days: { min: 2 },
  best_window_posts: { min: 2 },
  brand_posts: { max: 1 },
  flagged_posts: { max: 0 },
} as const;

export function momentSuggestion(
  overrides: Partial<MomentSuggestionResponse> = {},
): MomentSuggestionResponse {
  const actual = {
    posting_days: 2,
    product_days: 1,
    life_days: 1,
    best_window_posts: 2,
    brand_posts: 0,
    flagged_posts: 0,
  };
  const rules = Object.entries(RULE_BOUNDS).map(([rule, bound]) => {
    const value = actual[rule as keyof typeof actual];
    return {
      rule: rule as keyof typeof RULE_BOUNDS,
      actual: value,
      bound,
      passed: 'min' in bound ? value >= bound.min : value <= bound.max,
    };
  });
  return {
    week: { start: '2026-11-30', end: '2026-12-06', timezone: 'Asia/Shanghai' },
    progress: {
      guide: { userid: 'zhangsan', name: '张三', store: null },
      posts: 2,
      score: 50,
      passed: false,
      rules,
    },
    today: { date: '2026-12-02', posted: [] },
    kind: 'product',
    reason: 'product_days',
    needed: 3,
    daysLeft: 5,
    item: suggestedItem(),
    alternatives: [
      suggestedItem({ id: '9b000000-0000-4000-8000-000000000002', title: '腊肉上新', matchingCustomers: 0 }),
    ],
    window: { start: hoursFromNow(-1), end: hoursFromNow(1), open: true },
    shares: [],
    ...overrides,
  };
}
