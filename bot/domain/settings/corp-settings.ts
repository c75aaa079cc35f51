import type { DomainDeps } from '../deps';
import type { CorpSettings } from '../../generated/prisma/client';

/**
 * The corp's settings; the defaults (DESIGN.md §2) until a manager saves any. The default row is created on
 * first use with ON CONFLICT DO NOTHING: Prisma's upsert is a read then a write, and concurrent first uses
 * would collide on the key.
 */
export async function getCorpSettings({ db }: Pick<DomainDeps, 'db'>): Promise<CorpSettings> {
  const settings = await db.corpSettings.findUnique({ where: { id: 1 } });
  if (settings) return settings;
  await db.corpSettings.createMany({ data: [{ id: 1 }], skipDuplicates: true });
  return db.corpSettings.findUniqueOrThrow({ where: { id: 1 } });
}
