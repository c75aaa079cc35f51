import { DateTime } from 'luxon';
import type { z } from 'zod';
import { AppError } from '../../../errors';
import type { Prisma } from '../../../generated/prisma/client';
import type { LibraryListQuery } from '../../../http/contract/moment-library';
import type { Actor } from '../../access/actor';
import type { DomainDeps } from '../../deps';
import { getCorpSettings } from '../../settings/corp-settings';
import { type LibraryRecord, dateOf, toLibraryRecords } from './library-record';

type Deps = Pick<DomainDeps, 'db'>;
type Query = Omit<z.output<typeof LibraryListQuery>, 'page' | 'pageSize'>;

/** The library for the desk (store managers and HQ): newest first, a page at a time. */
export async function listLibrary(
  deps: Deps,
  actor: Actor,
  query: z.output<typeof LibraryListQuery>,
  now = new Date(),
): Promise<{ items: LibraryRecord[]; total: number }> {
  assertDeskReader(actor);
  const where = await libraryWhere(deps, query, now);
  const [rows, total] = await Promise.all([
    deps.db.momentLibraryItem.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    deps.db.momentLibraryItem.count({ where }),
  ]);
  return { items: await toLibraryRecords(deps, rows), total };
}

/** Every item the filter keeps, oldest first (the export: a file that imports back as it was). */
export async function exportLibrary(
  deps: Deps,
  actor: Actor,
  query: Query,
  now = new Date(),
): Promise<LibraryRecord[]> {
  assertDeskReader(actor);
  const rows = await deps.db.momentLibraryItem.findMany({
    where: await libraryWhere(deps, query, now),
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return toLibraryRecords(deps, rows);
}

/** A guide meets the library through the sidebar's suggestion, not as a list. */
function assertDeskReader(actor: Actor): void {
  if (actor.kind === 'guide') {
    throw new AppError('forbidden', 'store managers and HQ read the Moments library', { status: 403 });
  }
}

async function libraryWhere(
  deps: Deps,
  query: Query,
  now: Date,
): Promise<Prisma.MomentLibraryItemWhereInput> {
  const where: Prisma.MomentLibraryItemWhereInput = {
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.q
      ? {
          OR: [
            { title: { contains: query.q, mode: 'insensitive' } },
            { text: { contains: query.q, mode: 'insensitive' } },
            { product: { contains: query.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  if (query.status === 'archived') return { ...where, archivedAt: { not: null } };
  if (query.status === 'all') return { ...where, archivedAt: null };
  const today = dateOf(await todayInCorp(deps, now));
  return {
    ...where,
    archivedAt: null,
    validFrom: { lte: today },
    OR: undefined,
    AND: [
      ...(where.OR ? [{ OR: where.OR }] : []),
      { OR: [{ validUntil: null }, { validUntil: { gte: today } }] },
    ],
  };
}

/** Today's date in the corp's zone: an item is valid through its last day there. */
export async function todayInCorp(deps: Deps, now: Date): Promise<string> {
  const { timezone } = await getCorpSettings(deps);
  return DateTime.fromJSDate(now, { zone: timezone }).toISODate()!;
}
