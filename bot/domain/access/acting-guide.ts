import { badRequest, notFound } from '../../errors';
import type { DomainDeps } from '../deps';
import type { Actor } from './actor';

/**
 * The guide a staff action is done as: a guide acts as themselves; HQ or a store manager names the guide (a
 * manager only one of their store).
 */
export async function actingGuideUserid(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  named: string | undefined,
): Promise<string> {
  if (actor.kind === 'guide') return actor.userid;
  if (!named) throw badRequest('guide_required', 'give guideUserid: the guide who did it');
  if (actor.kind === 'store_manager') {
    const guide = await deps.db.guide.findFirst({ where: { userid: named, storeId: actor.storeId } });
    // A 404, as for anything outside the actor's scope: the answer is the same whether the guide exists or not.
    if (!guide) throw notFound('guide_not_found', `${named} is not a guide of your store`);
  }
  return named;
}
