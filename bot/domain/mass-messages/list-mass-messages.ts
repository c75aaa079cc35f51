import type { Prisma } from '../../generated/prisma/client';
import { badRequest } from '../../errors';
import type { Actor } from '../access/actor';
import type { DomainDeps } from '../deps';

const include = { guide: { select: { userid: true, name: true } } } as const;
export type ListedMassMessage = Prisma.MassMessageGetPayload<{ include: typeof include }>;

function scopeOf(actor: Actor): Prisma.MassMessageWhereInput {
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
 * Mass-message tasks, newest first, with how far each has got (sent count, status), in keyset pages over
 * (created_at, id).
 */
export async function listMassMessages(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  query: { guideUserid?: string; limit: number; after?: string },
): Promise<{ massMessages: ListedMassMessage[]; nextCursor: string | null }> {
  const after = query.after ? decodeCursor(query.after) : null;
  const rows = await db.massMessage.findMany({
    where: {
      AND: [
        scopeOf(actor),
        query.guideUserid ? { guide: { userid: query.guideUserid } } : {},
        after
          ? {
              OR: [
                { createdAt: { lt: after.createdAt } },
                { createdAt: after.createdAt, id: { gt: after.id } },
              ],
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
  const nextCursor =
    rows.length > query.limit && last
      ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url')
      : null;
  return { massMessages: page, nextCursor };
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw badRequest('bad_cursor', 'after is not a cursor this API gave out');
  }
  return { createdAt, id };
}
