import { z } from 'zod';
import { BusinessDateTime, type IsoDateTime, Text } from './common';
import type { FollowUp } from './follow-ups';
import type { LifecycleStage } from './groups';
import type { RelationTagsResponse } from './tags';

/**
 * GET /api/v1/customer-view?externalUserid[&guideUserid]: everything the sidebar shows about the customer the
 * guide is chatting with, in one read. The relation is the actor's own with this customer; a store manager or HQ
 * without one of their own sees the most recently added active relation in their scope (or the named guide's).
 * A customer outside the actor's scope is a 404 (`relation_not_found`), the same as one that does not exist.
 */
export const CustomerViewQuery = z.object({
  externalUserid: Text.min(1).max(64),
  guideUserid: Text.min(1).max(64).optional(),
});
export type CustomerViewQuery = z.input<typeof CustomerViewQuery>;

export interface CustomerViewResponse {
  relationId: string;
  customer: {
    externalUserid: string;
    name: string;
    avatar: string | null;
    /** 1 = WeChat user, 2 = WeCom user of another corp. */
    type: number;
    /** 0 unknown, 1 male, 2 female (WeCom's values). */
    gender: number;
    corpName: string | null;
    position: string | null;
  };
  relation: {
    guide: { userid: string; name: string };
    status: 'ACTIVE' | 'DELETED_BY_GUIDE' | 'DELETED_BY_CUSTOMER';
    remark: string | null;
    description: string | null;
    addedAt: IsoDateTime | null;
    /** WeCom's add_way (0 unknown, 1 QR code, 2 mobile search, …); `channel` when it came through one of ours. */
    addWay: number | null;
    channel: { id: string; name: string } | null;
    lastInteractionAt: IsoDateTime | null;
    /** Whether this guide's welcome went out (null: none was due, e.g. imported relations). */
    welcome: { status: string; sentAt: IsoDateTime | null } | null;
  };
  lifecycle: { stage: LifecycleStage | null; changedAt: IsoDateTime | null };
  purchases: {
    orderCount: number;
    /** In fen (分), as a string-safe number: spend fits comfortably in 2^53 fen. */
    spendCents: number;
    lastPurchaseAt: IsoDateTime | null;
    preferredCategory: string | null;
    recent: {
      id: string;
      orderNo: string;
      amountCents: number;
      purchasedAt: IsoDateTime;
      itemCount: number;
    }[];
  };
  tags: RelationTagsResponse;
  /** Every corp tag group with its tags, so the sidebar can offer one-tap add (canEdit false: WeCom's rule groups). */
  taxonomy: { id: string; name: string; canEdit: boolean; tags: { id: string; name: string }[] }[];
  /** Member groups (会员分组) this relation is in: LIST groups it was put in, RULE groups whose rule it meets. */
  groups: { id: string; name: string; kind: 'RULE' | 'LIST' }[];
  /** This relation's open follow-ups (PENDING or REMINDED), soonest first, each with its suggested message. */
  followUps: (FollowUp & { suggestedMessage: string | null })[];
}

/** PATCH /api/v1/relations/:id/remark: written to WeCom (`externalcontact/remark`) first, then here. */
export const RemarkInput = z
  .strictObject({
    // WeCom: remark ≤20 characters, description ≤150 (doc 92115).
    remark: Text.trim().max(20).optional(),
    description: Text.trim().max(150).optional(),
  })
  .refine((v) => v.remark !== undefined || v.description !== undefined, 'give remark or description');
export type RemarkInput = z.input<typeof RemarkInput>;

export interface RemarkResponse {
  relationId: string;
  remark: string | null;
  description: string | null;
}

/**
 * POST /api/v1/follow-ups/:id/snooze: move an open follow-up to `until` (after now, within the business-date range;
 * moved to the next working time if outside working hours). Answers `FollowUpResponse` (follow-ups.ts), PENDING
 * again; 409 `follow_up_closed` when it is no longer open, 400 `snooze_not_later` when `until` is not after now.
 */
export const SnoozeInput = z.strictObject({
  until: BusinessDateTime,
});
export type SnoozeInput = z.input<typeof SnoozeInput>;
