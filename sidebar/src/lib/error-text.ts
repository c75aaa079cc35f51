import { isApiError } from '@/lib/api-client';

// What the guide reads when a call fails: the server's messages are for developers (English, technical), so the
// codes the sidebar can meet get a sentence in Chinese; anything else names its code for whoever debugs it.
const BY_CODE: Record<string, string> = {
  network_error: '网络连接失败，请检查网络后重试',
  bad_response: '服务器返回了无法识别的内容，请稍后重试',
  relation_not_found: '找不到这位客户',
  relation_inactive: '客户已不是你的好友，不能修改',
  customer_not_found: '找不到这位客户',
  tag_not_found: '标签已被删除',
  tag_deleted: '标签已在企业微信删除',
  tag_not_editable: '这个标签由企业微信规则管理，不能手动修改',
  bad_tag: '标签不存在或已删除',
  follow_up_not_found: '这条待办已不存在',
  follow_up_closed: '这条待办已完成或已关闭',
  snooze_not_later: '延后的时间要晚于现在',
  script_not_found: '这条话术已被删除',
  no_access: '你的账号没有开通导购助手，请联系管理员',
  forbidden: '没有权限进行这个操作',
  invalid_request: '提交的内容不符合要求',
  internal_error: '服务器出错了，请稍后重试',
  guide_not_found: '找不到这位导购，或不在你管理的门店',
  moment_post_not_found: '这条朋友圈已不存在',
  week_on_plan: '这位导购本周已达标，无需提醒',
  already_nudged: '今天已经提醒过这位导购了，明天再试',
  guide_unreachable: '这位导购不在应用的可见范围内，企业微信无法给他发消息',
};

/** A sentence in Chinese for a failed call (or anything else thrown). */
export function errorText(error: unknown): string {
  if (!isApiError(error)) return '出了点问题，请稍后重试';
  const known = BY_CODE[error.code];
  if (known) return known;
  if (error.code.startsWith('wecom_')) return `企业微信返回错误（${error.code.slice(6)}），请稍后重试`;
  if (error.status >= 500) return `服务器出错了（${error.status}），请稍后重试`;
  return `操作失败（${error.code}）`;
}
