import type { ListedFollowUp } from '../../domain/follow-ups/list-follow-ups';
import type { FollowUp } from '../../generated/prisma/client';

/** A follow-up as the staff API shows it. */
export function presentFollowUp(f: FollowUp & Partial<Pick<ListedFollowUp, 'guide' | 'customer'>>) {
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
