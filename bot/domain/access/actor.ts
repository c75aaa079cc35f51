import type { SqlParams } from '../../db';
import { AppError } from '../../errors';

/**
 * Who is asking. Every staff-facing domain function takes one, so authorization lives in the domain (and in its
 * queries), not in routes. Today only HQ exists (the staff API token); the sidebar's WeCom sign-in will add
 * guides, limited to their own customers, and store managers, limited to their store.
 */
export type Actor =
  | { kind: 'hq'; label: string }
  | { kind: 'store_manager'; userid: string; storeId: string }
  | { kind: 'guide'; userid: string; guideId: string };

/** Refuses anyone but HQ: corp-wide settings such as the tag taxonomy and channels. */
export function assertHq(actor: Actor, what: string): void {
  if (actor.kind !== 'hq') {
    throw new AppError('forbidden', `only HQ may ${what}`, { status: 403 });
  }
}

/** The name recorded as the author of a change (tag changes, groups, follow-ups). */
export function actorName(actor: Actor): string {
  return actor.kind === 'hq' ? actor.label : actor.userid;
}

/** SQL that limits guide_customer rows (aliased `gc`) to what the actor may see; its values go to `params`. */
export function relationScopeSql(actor: Actor, params: SqlParams): string {
  switch (actor.kind) {
    case 'hq':
      return 'TRUE';
    case 'guide':
      return `gc.guide_id = ${params.add(actor.guideId, 'uuid')}`;
    case 'store_manager':
      return `gc.guide_id IN (SELECT id FROM guide WHERE store_id = ${params.add(actor.storeId, 'uuid')})`;
  }
}
