import { isApiError } from '@/lib/api-client';
import { errorText } from '@/lib/error-text';

const DESK_CODES: Record<string, string> = {
  library_item_not_found: '这条素材已不存在',
  moment_task_not_found: '这条企业朋友圈任务已不存在',
  moment_tasks_rate_limited: '企业微信限制每分钟最多创建 10 条企业朋友圈，请稍后再试',
};
/** Codes whose server detail the manager needs (which file line, which address, what WeCom said). */
const WITH_DETAIL: Record<string, string> = {
  invalid_import: '导入的文件有错误，未导入任何内容',
  invalid_library_item: '素材不完整',
  media_unreadable: '素材里的图片或视频读不到（或超过企业微信的 10 MB 上限）',
  moment_task_refused: '企业微信拒绝了这条企业朋友圈',
  invalid_request: '提交的内容不符合要求',
};

/**
 * The desk's sentence for a failed call: the sidebar's, the desk's own codes, and for a refused form the
 * server's detail after it (a manager at a desk can act on "validUntil is before validFrom"; it names the field).
 */
export function deskErrorText(error: unknown): string {
  if (!isApiError(error)) return errorText(error);
  const own = DESK_CODES[error.code];
  if (own) return own;
  const detailed = WITH_DETAIL[error.code];
  return detailed ? `${detailed}：${error.message}` : errorText(error);
}
