import type { LifecycleStage } from '@contract/groups';
import type { FollowUpKind } from '@contract/follow-ups';

/** DESIGN.md's stage names (会员生命周期). */
export const LIFECYCLE_LABELS: Record<LifecycleStage, string> = {
  ONBOARDING: '入会期',
  AWAKENING: '唤醒期',
  RECALL: '流失召回期',
  DORMANT: '沉睡期',
  LAPSED: '流失期',
};

export const FOLLOW_UP_KIND_LABELS: Record<FollowUpKind, string> = {
  GREETING: '打招呼',
  SERVICE_REMINDER: '售后回访',
  INTERACTION: '互动跟进',
  CUSTOM: '待办',
};

// WeCom's add_way values (externalcontact/get, follow_user[].add_way).
const ADD_WAYS: Record<number, string> = {
  0: '未知来源',
  1: '扫描二维码',
  2: '搜索手机号',
  3: '名片分享',
  4: '群聊',
  5: '手机通讯录',
  6: '微信联系人',
  8: '自动添加的客服',
  9: '搜索邮箱',
  10: '视频号',
  11: '日程参与人',
  12: '会议参与人',
  13: '微信好友对应的企业微信',
  14: '智能硬件专属客服',
  16: '获客链接',
  201: '内部成员共享',
  202: '管理员分配',
};

/** How the customer was added, in words: 通过「门店活码」/ 扫描二维码 / 其他方式. */
export function addWayLabel(addWay: number | null, channel: { name: string } | null): string {
  if (channel) return `通过「${channel.name}」`;
  if (addWay === null) return '来源未知';
  return ADD_WAYS[addWay] ?? '其他方式';
}

/** Kinds of Moments post under the 4+2+2 plan. */
export const MOMENT_KIND_LABELS: Record<'product' | 'life' | 'brand', string> = {
  product: '产品',
  life: '生活',
  brand: '品牌',
};

/** The plan's rules, as the guide and the desk read them (the contract's names, shared with the CSV export). */
export { WEEK_RULE_LABELS } from '@contract/moment-labels';
