import type { Db } from '../../db';
import type { CorpSettings } from '../../generated/prisma/client';

/** The corp's settings; the defaults (DESIGN.md §2) until a manager saves any. */
export async function getCorpSettings(db: Db): Promise<CorpSettings> {
  return db.corpSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
}
