import type { FollowUpStatus, Prisma } from '../../generated/prisma/client';
import { badRequest } from '../../errors';
import type { Actor } from '../access/actor';
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

/** Where the actor may look: HQ everywhere, a manager in their store, a guide at their own follow-ups. */
function scopeOf(actor: Actor): Prisma.FollowUpWhereInput {
  switch (actor.kind) {
    case 'hq':
      return {};
    case 'store_manager':
      return { guide: { storeId: actor.storeId } };
    case 'guide':
      return { guideId: actor.guideId };
  }
}

/**
 * Follow-ups, the soonest due first (what a guide should do next), in keyset pages: the cursor is the last row's
 * due time and id, so a page stays correct while follow-ups are closed between requests.
 */
export async function listFollowUps(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  query: FollowUpQuery,
): Promise<{ followUps: ListedFollowUp[]; nextCursor: string | null }> {
  const after = query.after ? decodeCursor(query.after) : null;
  const rows = await db.followUp.findMany({
    where: {
      AND: [
        scopeOf(actor),
        query.guideUserid ? { guide: { userid: query.guideUserid } } : {},
        { status: { in: query.statuses ?? ['PENDING', 'REMINDED'] } },
        after ? { OR: [{ dueAt: { gt: after.dueAt } }, { dueAt: after.dueAt, id: { gt: after.id } }] } : {},
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
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.dueAt, last.id) : null,
  };
}

function encodeCursor(dueAt: Date, id: string): string {
  return Buffer.from(`${dueAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { dueAt: Date; id: string } {
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|');
  const dueAt = new Date(at);
  if (Number.isNaN(dueAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw badRequest('bad_cursor', 'after is not a cursor this API gave out');
  }
  return { dueAt, id };
}
