import type { TimelineKind } from '../../http/contract/timeline';

/** One row of the timeline query: the kind, the source row, and up to three texts and a number it explains. */
export interface TimelineRow {
  kind: TimelineKind;
  ref: string;
  a: string | null;
  b: string | null;
  c: string | null;
  n: string | null;
}

// WeCom's add_way values (doc 92114, follow_user.add_way).
const ADD_WAYS: Record<number, string> = {
  1: '扫描二维码',
  2: '搜索手机号',
  3: '名片分享',
  4: '群聊',
  5: '手机通讯录',
  6: '微信联系人',
  9: '搜索邮箱',
  10: '视频号',
  16: '获客链接',
  201: '内部成员共享',
  202: '管理员分配',
};

const INTERACTIONS: Record<string, string> = {
  SIDEBAR_MESSAGE: '在侧边栏发送了消息',
  GROUP_CHAT: '客户加入了导购的客户群',
  MASS_MESSAGE: '客户收到了群发消息',
  ARCHIVE_IMPORT: '在会话中聊了天',
  MOMENT_REACTION: '客户给导购的朋友圈点赞或评论',
};

const FOLLOW_UP_KINDS: Record<string, string> = {
  GREETING: '打招呼',
  SERVICE_REMINDER: '购后服务提醒',
  INTERACTION: '7天互动',
  CUSTOM: '跟进',
};

/** Who made a tag change: tag_change.source, or `member:<name>` for a member the query found by userid. */
function tagSource(source: string | null): string | null {
  if (source === null) return null;
  if (source === 'lifecycle') return '生命周期自动打标';
  if (source === 'purchase') return '购买后自动打标';
  if (source.startsWith('channel:')) return '渠道活码自动打标';
  if (source.startsWith('member:')) return `操作人：${source.slice('member:'.length)}`;
  // Not a member we know: HQ's integrations (the staff token's label) or a userid no longer synced.
  return `操作人：${source}`;
}

/** ¥1,299.00 from fen. */
export function yuan(cents: number): string {
  return `¥${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const cut = (text: string, max: number) =>
  [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;

/** The item's two lines in Chinese, ready to show. */
export function timelineText(row: TimelineRow): { title: string; detail: string | null } {
  switch (row.kind) {
    case 'added': {
      const way = row.n === null ? undefined : ADD_WAYS[Number(row.n)];
      return { title: row.a ? `通过「${row.a}」添加` : '添加为客户', detail: way ?? null };
    }
    case 'welcomed':
      return { title: '发送了欢迎语', detail: null };
    case 'deleted':
      return {
        title: row.a === 'DELETED_BY_CUSTOMER' ? '客户删除了导购' : '导购删除了客户',
        detail: row.b === 'RECONCILED' ? '与企业微信核对客户时发现' : null,
      };
    case 'tag_added':
    case 'tag_removed': {
      const parts = [tagSource(row.b), row.c === 'PENDING' ? '同步到企业微信中' : null].filter(Boolean);
      return {
        title: `${row.kind === 'tag_added' ? '添加标签' : '移除标签'} ${row.a ?? ''}`.trim(),
        detail: parts.length > 0 ? parts.join('，') : null,
      };
    }
    case 'order':
      return { title: `购买 ${yuan(Number(row.n ?? 0))}`, detail: row.b ? cut(row.b, 60) : null };
    case 'interaction':
      return { title: INTERACTIONS[row.a ?? ''] ?? '互动', detail: null };
    case 'follow_up_done':
      return { title: `完成跟进：${FOLLOW_UP_KINDS[row.a ?? ''] ?? '跟进'}`, detail: row.b };
  }
}
