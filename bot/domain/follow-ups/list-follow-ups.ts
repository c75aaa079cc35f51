import type { FollowUpStatus, Prisma } from '../../generated/prisma/client';
import type { Actor } from '../access/actor';
import { guideScopeWhere } from '../access/guide-scope';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../paging/keyset-cursor';
import type { DomainDeps } from '../deps';

export interface FollowUpQuery {
  guideUserid?: string;
  /** Default: the open ones (PENDING, REMINDED). */
  statuses?: FollowUpStatus[];
  limit: number;
  /** nextCursor of the previous page. */
  after?: string;
}

const include = {
  guide: { select: { userid: true, name: true } },
  customer: { select: { externalUserid: true, name: true } },
} as const;
export type ListedFollowUp = Prisma.FollowUpGetPayload<{ include: typeof include }>;

/**
 * Follow-ups, the soonest due first (what a guide should do next), in keyset pages: the cursor is the last row's
 * due time and id, so a page stays correct while follow-ups are closed between requests.
 */
export async function listFollowUps(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  query: FollowUpQuery,
): Promise<{ followUps: ListedFollowUp[]; nextCursor: string | null }> {
  const after = query.after ? decodeTimeIdCursor(query.after) : null;
  const rows = await db.followUp.findMany({
    where: {
      AND: [
        guideScopeWhere(actor),
        query.guideUserid ? { guide: { userid: query.guideUserid } } : {},
        { status: { in: query.statuses ?? ['PENDING', 'REMINDED'] } },
        after ? { OR: [{ dueAt: { gt: after.at } }, { dueAt: after.at, id: { gt: after.id } }] } : {},
      ],
    },
    include,
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    followUps: page,
    nextCursor: rows.length > query.limit && last ? encodeTimeIdCursor(last.dueAt, last.id) : null,
  };
}
