import type { Db } from '../../db';
import type { FollowUpKind } from '../../generated/prisma/client';

const OPEN = ['PENDING', 'REMINDED'] as const;

/** Cancels every open follow-up between a guide and a customer, e.g. when one of them deleted the other. */
export async function cancelFollowUps(
  db: Db,
  pair: { guideId: string; customerId: string },
  reason: string,
): Promise<number> {
  const { count } = await db.followUp.updateMany({
    where: { ...pair, status: { in: [...OPEN] } },
    data: { status: 'CANCELLED', statusReason: reason, closedAt: new Date() },
  });
  return count;
}

// An interaction meets the purpose of these: the guide has greeted, served or talked with the customer.
export const MET_BY_INTERACTION: FollowUpKind[] = ['GREETING', 'INTERACTION', 'SERVICE_REMINDER'];

/**
 * What an interaction of this source meets: a customer's like or comment on a Moments post is contact within the
 * week, but not the guide's greeting or after-sale service.
 */
export function kindsMetBy(source: string): FollowUpKind[] {
  return source === 'MOMENT_REACTION' ? ['INTERACTION'] : MET_BY_INTERACTION;
}

/**
 * Closes as DONE the open follow-ups an interaction at `at` has met: those whose purpose had begun by then (the
 * add, the purchase: `validFrom`), not when the row happened to be written — a chat the day before a purchase
 * does not serve that purchase, however late the order reached us. A custom follow-up stays open: only its guide
 * knows when it is done.
 */
export async function closeFollowUpsMetBy(
  db: Db,
  pair: { guideId: string; customerId: string },
  at: Date,
  source: string,
): Promise<number> {
  const { count } = await db.followUp.updateMany({
    where: { ...pair, status: { in: [...OPEN] }, kind: { in: kindsMetBy(source) }, validFrom: { lte: at } },
    data: {
      status: 'DONE',
      statusReason: `interaction (${source}) at ${at.toISOString()}`,
      closedAt: new Date(),
    },
  });
  return count;
}
