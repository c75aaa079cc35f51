import { z } from 'zod';
import { type IsoDateTime, type Page, Text, optionalFilter } from './common';

export const FOLLOW_UP_STATUSES = ['PENDING', 'REMINDED', 'DONE', 'CANCELLED', 'EXPIRED'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export type FollowUpKind = 'GREETING' | 'SERVICE_REMINDER' | 'INTERACTION' | 'CUSTOM';

/** GET /follow-ups?guideUserid&status&after&limit. */
export const FollowUpListQuery = z.object({
  guideUserid: optionalFilter(64),
  // One status or several, comma-separated: ?status=PENDING,REMINDED.
  status: Text.transform((s) => s.split(',').map((v) => v.trim().toUpperCase()))
    .pipe(z.array(z.enum(FOLLOW_UP_STATUSES)).min(1))
    .optional(),
  after: Text.max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type FollowUpListQuery = z.input<typeof FollowUpListQuery>;

/** POST /follow-ups/:id/done: HQ or a store manager names the guide who did it. */
export const FollowUpDoneInput = z.strictObject({ guideUserid: Text.min(1).max(64).optional() }).default({});
export type FollowUpDoneInput = z.input<typeof FollowUpDoneInput>;

export interface FollowUp {
  id: string;
  kind: FollowUpKind;
  status: FollowUpStatus;
  /** Why the status last changed, in words a manager can read. */
  statusReason: string | null;
  title: string | null;
  note: string | null;
  dueAt: IsoDateTime;
  validFrom: IsoDateTime;
  /** In lists only. */
  guide?: { userid: string; name: string };
  /** In lists only. */
  customer?: { externalUserid: string; name: string };
  orderId: string | null;
  groupId: string | null;
  remindedAt: IsoDateTime | null;
  closedAt: IsoDateTime | null;
  createdAt: IsoDateTime;
}

/** GET /follow-ups: the soonest due first. */
export interface FollowUpListResponse extends Page {
  followUps: FollowUp[];
}

/** POST /follow-ups/:id/done. */
export interface FollowUpResponse {
  followUp: FollowUp;
}
