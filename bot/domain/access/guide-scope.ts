import type { SqlParams } from '../../db';
import type { Actor } from './actor';

/**
 * A Prisma `where` for rows that belong to a guide (follow-ups, mass messages …): HQ sees all, a store manager
 * their store's guides, a guide their own.
 */
export function guideScopeWhere(actor: Actor): { guideId?: string; guide?: { storeId: string } } {
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
 * SQL limiting `guide` rows (aliased `g`) to those an actor may see: HQ all or the store asked for, a manager their
 * store, a guide themselves; `userid` narrows to one. Its values go to `p`.
 */
export function guideRowScopeSql(
  actor: Actor,
  filter: { storeId?: string; userid?: string },
  p: SqlParams,
): string {
  const one = filter.userid ? ` AND g.userid = ${p.add(filter.userid)}` : '';
  switch (actor.kind) {
    case 'hq':
      return (filter.storeId ? `g.store_id = ${p.add(filter.storeId, 'uuid')}` : 'TRUE') + one;
    case 'store_manager':
      return `g.store_id = ${p.add(actor.storeId, 'uuid')}${one}`;
    case 'guide':
      return `g.id = ${p.add(actor.guideId, 'uuid')}${one}`;
  }
}
