import type { z } from 'zod';
import type { CreateScriptInput } from '../../http/contract/scripts';
import { type Actor, actorName, assertHq } from '../access/actor';
import type { DomainDeps } from '../deps';
import {
  type ScriptLink,
  type ScriptRecord,
  assertScriptShape,
  toScriptRecord,
  uniqueKeywords,
} from './script-record';

export type ScriptDraft = z.output<typeof CreateScriptInput>;

/** A link card as stored: absent optional parts are null, so reads never meet undefined. */
export function toStoredLink(link: ScriptDraft['link']): ScriptLink | null {
  if (!link) return null;
  return { title: link.title, desc: link.desc ?? null, url: link.url, imgUrl: link.imgUrl ?? null };
}

/** HQ adds a script (话术) or material (素材) that every guide can then find and send. */
export async function createScript(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  draft: ScriptDraft,
): Promise<ScriptRecord> {
  assertHq(actor, 'manage scripts');
  const kind = draft.kind === 'text' ? 'TEXT' : 'LINK';
  const link = toStoredLink(draft.link);
  assertScriptShape(kind, draft.content, link);
  const created = await db.script.create({
    data: {
      kind,
      category: draft.category,
      title: draft.title,
      content: draft.content,
      link: link ? { ...link } : undefined,
      keywords: uniqueKeywords(draft.keywords),
      createdBy: actorName(actor),
    },
  });
  return toScriptRecord(created);
}
