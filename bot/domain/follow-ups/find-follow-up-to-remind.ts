import type { FollowUp } from '../../generated/prisma/client';
import type { DomainDeps } from '../deps';

/**
 * A follow-up whose job fired: still PENDING and due (within a second of now), or why there is nothing to remind.
 * A follow-up moved later since its job was queued has a job for the new time, which fires it then.
 */
export async function findFollowUpToRemind(
  { db }: Pick<DomainDeps, 'db'>,
  followUpId: string,
  now = Date.now(),
): Promise<FollowUp | 'closed' | 'not due'> {
  const followUp = await db.followUp.findUnique({ where: { id: followUpId } });
  if (!followUp || followUp.status !== 'PENDING') return 'closed';
  if (followUp.dueAt.getTime() > now + 1000) return 'not due';
  return followUp;
}
