import { type Actor, assertHq } from '../access/actor';
import type { DomainDeps } from '../deps';
import { scriptNotFound } from './update-script';

/** HQ removes a script; guides stop seeing it at once (sends already recorded keep their interactions). */
export async function deleteScript(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  scriptId: string,
): Promise<void> {
  assertHq(actor, 'manage scripts');
  const { count } = await db.script.deleteMany({ where: { id: scriptId } });
  if (count === 0) throw scriptNotFound(scriptId);
}
