import type { IsoDateTime } from './common';
import type { FollowUp } from './follow-ups';

/**
 * GET /api/v1/my-day: the guide's day, for the page opened outside a chat (entry `normal`): open follow-ups due
 * by the end of today (Asia/Shanghai), overdue first, soonest first, across the guide's customers, each with what
 * the page needs to open that customer's chat (`ww.openEnterpriseChat` takes the external_userid).
 */
export interface MyDayResponse {
  date: string;
  followUps: (FollowUp & {
    customer: { externalUserid: string; name: string; avatar: string | null; remark: string | null };
    relationId: string;
    isOverdue: boolean;
  })[];
  /** dueToday: open and due from now to the end of today; overdue: open and due before now; doneToday: done today. */
  counts: { dueToday: number; overdue: number; doneToday: number };
  generatedAt: IsoDateTime;
}
