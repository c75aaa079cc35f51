import type { DomainDeps } from '../deps';
import { type Actor, assertHq } from '../access/actor';
import { findGroupById } from './find-group';

/**
 * Deletes a group and its list members. Follow-ups and mass messages made for it stay (their group_id becomes
 * NULL by the foreign key), because they record what was sent.
 */
export async function deleteGroup(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  groupId: string,
): Promise<void> {
  assertHq(actor, 'delete member groups');
  const group = await findGroupById({ db }, groupId);
  await db.customerGroup.deleteMany({ where: { id: group.id } });
}
