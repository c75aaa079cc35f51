import type { z } from 'zod';
import { badRequest } from '../../../errors';
import { type LibraryImportInput, LibraryImportItem } from '../../../http/contract/moment-library';
import { type Actor, actorName, assertHq } from '../../access/actor';
import type { DomainDeps } from '../../deps';
import { readLibraryCsv } from './library-files';
import { draftData } from './manage-library';

/** Problems named in a refused import's message: enough to fix a file, not a wall of text. */
const PROBLEMS_SHOWN = 10;

/**
 * HQ imports items (the export's CSV or JSON, or a spreadsheet of its own with those columns): an item whose id we
 * hold is updated, any other added (with its id, if it had one: importing a file twice adds nothing twice). All or
 * nothing: a row that breaks a rule, names an unknown tag, or repeats an id refuses the whole import, row by row.
 */
export async function importLibrary(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: z.output<typeof LibraryImportInput>,
): Promise<{ created: number; updated: number }> {
  assertHq(actor, 'manage the Moments library');
  const raw =
    input.format === 'csv'
      ? readLibraryCsv(input.csv).map(({ line, item }) => ({ where: `line ${line}`, item }))
      : input.items.map((item, i) => ({ where: `item ${i + 1}`, item }));
  if (raw.length === 0) throw badRequest('invalid_import', 'the file has no items');
  const problems: string[] = [];
  const items = raw.flatMap(({ where, item }) => {
    const parsed = LibraryImportItem.safeParse(item);
    if (parsed.success) return [{ where, item: parsed.data }];
    for (const issue of parsed.error.issues.slice(0, 3)) {
      problems.push(`${where}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
    }
    return [];
  });
  const seen = new Map<string, string>();
  for (const { where, item } of items) {
    if (!item.id) continue;
    const first = seen.get(item.id);
    if (first) problems.push(`${where}: id ${item.id} is also ${first}'s`);
    else seen.set(item.id, where);
  }
  const tagIds = [...new Set(items.flatMap(({ item }) => item.audienceTagIds))];
  const known = new Set(
    (
      await deps.db.tag.findMany({
        where: { wecomTagId: { in: tagIds }, deletedAt: null },
        select: { wecomTagId: true },
      })
    ).map((t) => t.wecomTagId),
  );
  for (const { where, item } of items) {
    const unknown = item.audienceTagIds.filter((id) => !known.has(id));
    if (unknown.length) problems.push(`${where}: no corp tag ${unknown.join(', ')}`);
  }
  if (problems.length) {
    const more = problems.length > PROBLEMS_SHOWN ? `; and ${problems.length - PROBLEMS_SHOWN} more` : '';
    throw badRequest(
      'invalid_import',
      `nothing imported: ${problems.slice(0, PROBLEMS_SHOWN).join('; ')}${more}`,
    );
  }
  const ids = [...seen.keys()];
  return deps.db.$transaction(async (tx) => {
    const existing = new Set(
      (await tx.momentLibraryItem.findMany({ where: { id: { in: ids } }, select: { id: true } })).map(
        (r) => r.id,
      ),
    );
    let updated = 0;
    const created = [];
    for (const { item } of items) {
      const data = draftData(item);
      if (item.id && existing.has(item.id)) {
        await tx.momentLibraryItem.update({ where: { id: item.id }, data });
        updated += 1;
      } else {
        created.push({ ...data, ...(item.id ? { id: item.id } : {}), createdBy: actorName(actor) });
      }
    }
    if (created.length) await tx.momentLibraryItem.createMany({ data: created });
    return { created: created.length, updated };
  });
}
