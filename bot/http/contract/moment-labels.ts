// Names the pages and the server's exports share. No zod here: the sidebar imports this file's values, and a
// schema module would bring the validation library into its bundle.
import type { WeekRuleName } from './moments';

/** The rules as the guide, the desk and the CSV export name them. */
export const WEEK_RULE_LABELS: Record<WeekRuleName, string> = {
  posting_days: '发圈天数',
  product_days: '产品日',
  life_days: '生活日',
  best_window_posts: '黄金时段',
  brand_posts: '品牌广告',
  flagged_posts: '不合规',
};
