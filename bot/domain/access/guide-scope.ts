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
