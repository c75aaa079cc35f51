import { z } from 'zod';
import { type IsoDateTime, type Page, Text } from './common';

export const TIMELINE_KINDS = [
  'added',
  'welcomed',
  'deleted',
  'tag_added',
  'tag_removed',
  'order',
  'interaction',
  'follow_up_done',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** GET /api/v1/relations/:id/timeline?after&limit: the relation's history (客户轨迹), newest first. */
export const TimelineQuery = z.object({
  after: Text.max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TimelineQuery = z.input<typeof TimelineQuery>;

export interface TimelineItem {
  /** Stable across pages: the kind and the source row's id. */
  id: string;
  kind: TimelineKind;
  at: IsoDateTime;
  /** One line in Chinese, ready to show: 「通过 门店活码 添加」, 「添加标签 高意向」, 「购买 ¥1,299.00」. */
  title: string;
  /** Optional second line (items of an order, the follow-up's title, the interaction's source). */
  detail: string | null;
}

export interface TimelineResponse extends Page {
  items: TimelineItem[];
}
