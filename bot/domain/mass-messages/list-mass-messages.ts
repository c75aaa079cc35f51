import type { Prisma } from '../../generated/prisma/client';
import type { Actor } from '../access/actor';
import { guideScopeWhere } from '../access/guide-scope';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../paging/keyset-cursor';
import type { DomainDeps } from '../deps';

const include = { guide: { select: { userid: true, name: true } } } as const;
export type ListedMassMessage = Prisma.MassMessageGetPayload<{ include: typeof include }>;

/**
 * Mass-message tasks, newest first, with how far each has got (sent count, status), in keyset pages over
 * (created_at, id).
 */
export async function listMassMessages(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  query: { guideUserid?: string; limit: number; after?: string },
): Promise<{ massMessages: ListedMassMessage[]; nextCursor: string | null }> {
  const after = query.after ? decodeTimeIdCursor(query.after) : null;
  const rows = await db.massMessage.findMany({
    where: {
      AND: [
        guideScopeWhere(actor),
        query.guideUserid ? { guide: { userid: query.guideUserid } } : {},
        after
          ? {
              OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { gt: after.id } }],
            }
          : {},
      ],
    },
    include,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null;
  return { massMessages: page, nextCursor };
}
