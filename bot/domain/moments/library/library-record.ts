import type { MomentLibraryItem } from '../../../generated/prisma/client';
import { type LibraryItem, MomentMedia as MediaSchema } from '../../../http/contract/moment-library';
import { badRequest } from '../../../errors';
import type { DomainDeps } from '../../deps';

/** A library item as the domain hands it out: the contract's item with its times as Dates (the presenter's job). */
export type LibraryRecord = Omit<LibraryItem, 'archived' | 'createdAt' | 'updatedAt'> & {
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A `@db.Date` as the day it holds (Prisma reads it as UTC midnight). */
export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
/** A yyyy-mm-dd as Prisma writes a `@db.Date`. */
export const dateOf = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** Rows to records, each tag id named by the tag we hold for it (a tag deleted since keeps its id, no name). */
export async function toLibraryRecords(
  { db }: Pick<DomainDeps, 'db'>,
  rows: MomentLibraryItem[],
): Promise<LibraryRecord[]> {
  const ids = [...new Set(rows.flatMap((r) => r.audienceTagIds))];
  const tags = ids.length
    ? await db.tag.findMany({
        where: { wecomTagId: { in: ids }, deletedAt: null },
        select: { wecomTagId: true, name: true },
      })
    : [];
  const names = new Map(tags.map((t) => [t.wecomTagId, t.name]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    text: r.text,
    // Written only through the contract's schema; a row that no longer parses shows as text alone.
    media: MediaSchema.safeParse(r.media).data ?? { type: 'none' },
    product: r.product,
    sellingPoint: r.sellingPoint,
    audienceTags: r.audienceTagIds.map((id) => ({ id, name: names.get(id) ?? null })),
    validFrom: dayOf(r.validFrom),
    validUntil: r.validUntil ? dayOf(r.validUntil) : null,
    archivedAt: r.archivedAt,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

/** Refuses tag ids that name no live corp tag of ours: an item must not aim at a tag WeCom would refuse. */
export async function assertKnownTags(
  { db }: Pick<DomainDeps, 'db'>,
  tagIds: readonly string[],
): Promise<void> {
  if (tagIds.length === 0) return;
  const found = await db.tag.findMany({
    where: { wecomTagId: { in: [...tagIds] }, deletedAt: null },
    select: { wecomTagId: true },
  });
  const known = new Set(found.map((t) => t.wecomTagId));
  const unknown = [...new Set(tagIds)].filter((id) => !known.has(id));
  if (unknown.length) throw badRequest('bad_tag', `no corp tag ${unknown.join(', ')}`);
}
