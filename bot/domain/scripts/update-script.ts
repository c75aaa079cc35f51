import type { z } from 'zod';
import { AppError } from '../../errors';
import { Prisma } from '../../generated/prisma/client';
import type { UpdateScriptInput } from '../../http/contract/scripts';
import { type Actor, assertHq } from '../access/actor';
import type { DomainDeps } from '../deps';
import { toStoredLink } from './create-script';
import { type ScriptRecord, assertScriptShape, toScriptRecord, uniqueKeywords } from './script-record';

export type ScriptChanges = z.output<typeof UpdateScriptInput>;

export const scriptNotFound = (id: string) =>
  new AppError('script_not_found', `no script ${id}`, { status: 404 });

/**
 * HQ changes a script; its kind stays. The result must still be a whole script of its kind (a text script keeps
 * some content; a link script keeps its card), else a 400 and nothing changes.
 */
export async function updateScript(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  scriptId: string,
  changes: ScriptChanges,
): Promise<ScriptRecord> {
  assertHq(actor, 'manage scripts');
  const existing = await db.script.findUnique({ where: { id: scriptId } });
  if (!existing) throw scriptNotFound(scriptId);
  const current = toScriptRecord(existing);
  const link = changes.link ? toStoredLink(changes.link) : current.link;
  assertScriptShape(current.kind, changes.content ?? current.content, link);
  try {
    const updated = await db.script.update({
      where: { id: scriptId },
      data: {
        category: changes.category,
        title: changes.title,
        content: changes.content,
        link: changes.link && link ? { ...link } : undefined,
        keywords: changes.keywords ? uniqueKeywords(changes.keywords) : undefined,
      },
    });
    return toScriptRecord(updated);
  } catch (error) {
    // Deleted between the read and the write.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025') {
      throw scriptNotFound(scriptId);
    }
    throw error;
  }
}
