import type { ListedFollowUp } from '../../domain/follow-ups/list-follow-ups';
import type { FollowUp } from '../../generated/prisma/client';
import type {
  FollowUpListResponse,
  FollowUpResponse,
  FollowUp as FollowUpView,
} from '../contract/follow-ups';

/** A follow-up as the staff API shows it. */
export function presentFollowUp(
  f: FollowUp & Partial<Pick<ListedFollowUp, 'guide' | 'customer'>>,
): FollowUpView {
  return {
    id: f.id,
    kind: f.kind,
    status: f.status,
    statusReason: f.statusReason,
    title: f.title,
    note: f.note,
    dueAt: f.dueAt.toISOString(),
    validFrom: f.validFrom.toISOString(),
    ...(f.guide ? { guide: { userid: f.guide.userid, name: f.guide.name } } : {}),
    ...(f.customer ? { customer: { externalUserid: f.customer.externalUserid, name: f.customer.name } } : {}),
    orderId: f.orderId,
    groupId: f.groupId,
    remindedAt: f.remindedAt?.toISOString() ?? null,
    closedAt: f.closedAt?.toISOString() ?? null,
    createdAt: f.createdAt.toISOString(),
  };
}

/** GET /follow-ups. */
export function presentFollowUpList(page: {
  followUps: ListedFollowUp[];
  nextCursor: string | null;
}): FollowUpListResponse {
  return { followUps: page.followUps.map((f) => presentFollowUp(f)), nextCursor: page.nextCursor };
}

/** POST /follow-ups/:id/done and /follow-ups/:id/snooze. */
export function presentFollowUpDone(followUp: FollowUp): FollowUpResponse {
  return { followUp: presentFollowUp(followUp) };
}
