import type { ScriptPage } from '../../domain/scripts/list-scripts';
import type { ScriptRecord } from '../../domain/scripts/script-record';
import type { Script, ScriptListResponse, ScriptResponse } from '../contract/scripts';

export function presentScript(s: ScriptRecord): Script {
  return {
    id: s.id,
    kind: s.kind === 'TEXT' ? 'text' : 'link',
    category: s.category,
    title: s.title,
    content: s.content,
    link: s.link,
    keywords: s.keywords,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** POST and PATCH /scripts. */
export function presentScriptResponse(s: ScriptRecord): ScriptResponse {
  return { script: presentScript(s) };
}

/** GET /scripts. */
export function presentScriptList(page: ScriptPage): ScriptListResponse {
  return {
    scripts: page.scripts.map(presentScript),
    categories: page.categories,
    nextCursor: page.nextCursor,
  };
}
