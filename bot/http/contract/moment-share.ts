import { z } from 'zod';
import type { IsoDateTime } from './common';
import type { LibraryItem } from './moment-library';
import type { GuideWeekRow, MomentKind, WeekSpan } from './moments';

/**
 * GET /api/v1/moments/suggestion (a guide, in the sidebar): what to post today under the plan, given this week so
 * far, which library item, and when.
 */
export interface MomentSuggestionResponse {
  week: WeekSpan;
  /** This week so far, rule by rule. */
  progress: GuideWeekRow;
  /** What the guide posted today (kinds, as the audit reads them). */
  today: { date: string; posted: MomentKind[] };
  /** The kind to post: the one the week still needs more days of (product first on a tie). */
  kind: MomentKind;
  /**
   * Why that kind: product_days / life_days (days still needed), or week_done when the plan is met and this is a
   * post beyond it.
   */
  reason: 'product_days' | 'life_days' | 'week_done';
  /** Days of that kind still needed this week, and days left to post on (today included). */
  needed: number;
  daysLeft: number;
  /** The item to post: valid today, not posted or shared by this guide before, best matching their customers. */
  item: SuggestedItem | null;
  /** Others of the same kind, for 换一个. */
  alternatives: SuggestedItem[];
  /** The best window to post in: open now, or the next one. */
  window: { start: IsoDateTime; end: IsoDateTime; open: boolean } | null;
  /** This week's shares, newest first: confirmed once a sync found the post in WeCom. */
  shares: (MomentShareResponse & { title: string })[];
}

export interface SuggestedItem extends LibraryItem {
  /** How many of this guide's customers carry one of its audience tags. */
  matchingCustomers: number;
}

/**
 * POST /api/v1/moments/shares (a guide): the guide tapped share (client: ww.shareToExternalMoments on a phone;
 * copy: the desktop client, text copied and images downloaded). It proves nothing until the sync finds the post.
 */
export const MomentShareInput = z.strictObject({ itemId: z.uuid(), via: z.enum(['client', 'copy']) });
export type MomentShareInput = z.input<typeof MomentShareInput>;

export interface MomentShareResponse {
  id: string;
  itemId: string;
  via: 'client' | 'copy';
  sharedAt: IsoDateTime;
  /** Set once a sync found the guide's post of this item in WeCom's record. */
  confirmedAt: IsoDateTime | null;
}
