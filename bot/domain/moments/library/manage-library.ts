import type { z } from 'zod';
import { badRequest, notFound } from '../../../errors';
import {
  type LibraryItemInput,
  type LibraryItemUpdate,
  libraryItemProblems,
} from '../../../http/contract/moment-library';
import { type Actor, actorName, assertHq } from '../../access/actor';
import type { DomainDeps } from '../../deps';
import { type LibraryRecord, assertKnownTags, dateOf, toLibraryRecords } from './library-record';

type Deps = Pick<DomainDeps, 'db'>;
export type LibraryDraft = z.output<typeof LibraryItemInput>;

/** The columns a draft writes. */
export function draftData(draft: LibraryDraft) {
  return {
    kind: draft.kind,
    title: draft.title,
    text: draft.text,
    media: draft.media,
    product: draft.product,
    sellingPoint: draft.sellingPoint,
    audienceTagIds: [...new Set(draft.audienceTagIds)],
    validFrom: dateOf(draft.validFrom),
    validUntil: draft.validUntil ? dateOf(draft.validUntil) : null,
  };
}

/** HQ adds an item to the Moments library. */
export async function createLibraryItem(
  deps: Deps,
  actor: Actor,
  draft: LibraryDraft,
): Promise<LibraryRecord> {
  assertHq(actor, 'manage the Moments library');
  await assertKnownTags(deps, draft.audienceTagIds);
  const row = await deps.db.momentLibraryItem.create({
    data: { ...draftData(draft), createdBy: actorName(actor) },
  });
  return (await toLibraryRecords(deps, [row]))[0]!;
}

/** HQ changes an item: the fields given, the merged item checked whole (a product item keeps its product). */
export async function updateLibraryItem(
  deps: Deps,
  actor: Actor,
  id: string,
  change: z.output<typeof LibraryItemUpdate>,
): Promise<LibraryRecord> {
  assertHq(actor, 'manage the Moments library');
  const [current] = await toLibraryRecords(deps, await findItems(deps, [id]));
  if (!current) throw missing(id);
  const merged: LibraryDraft = {
    kind: change.kind ?? current.kind,
    title: change.title ?? current.title,
    text: change.text ?? current.text,
    media: change.media ?? current.media,
    product: change.product === undefined ? current.product : change.product,
    sellingPoint: change.sellingPoint === undefined ? current.sellingPoint : change.sellingPoint,
    audienceTagIds: change.audienceTagIds ?? current.audienceTags.map((t) => t.id),
    validFrom: change.validFrom ?? current.validFrom,
    validUntil: change.validUntil === undefined ? current.validUntil : change.validUntil,
  };
  const problems = libraryItemProblems(merged);
  if (problems.length) throw badRequest('invalid_library_item', problems.join('; '));
  if (change.audienceTagIds) await assertKnownTags(deps, change.audienceTagIds);
  const row = await deps.db.momentLibraryItem.update({ where: { id }, data: draftData(merged) });
  return (await toLibraryRecords(deps, [row]))[0]!;
}

/** HQ takes an item out of the library: archived (posts and shares made from it keep it), or back in. */
export async function setLibraryItemArchived(
  deps: Deps,
  actor: Actor,
  id: string,
  archived: boolean,
): Promise<LibraryRecord> {
  assertHq(actor, 'manage the Moments library');
  const [current] = await findItems(deps, [id]);
  if (!current) throw missing(id);
  const row =
    Boolean(current.archivedAt) === archived
      ? current
      : await deps.db.momentLibraryItem.update({
          where: { id },
          data: { archivedAt: archived ? new Date() : null },
        });
  return (await toLibraryRecords(deps, [row]))[0]!;
}

const findItems = (deps: Deps, ids: string[]) =>
  deps.db.momentLibraryItem.findMany({ where: { id: { in: ids } } });
const missing = (id: string) => notFound('library_item_not_found', `no library item ${id}`);
