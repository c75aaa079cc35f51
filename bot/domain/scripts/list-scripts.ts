import { SqlParams } from '../../db';
import type { Actor } from '../access/actor';
import type { DomainDeps } from '../deps';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../paging/keyset-cursor';
import { type PlaceholderValues, fillPlaceholders, findPlaceholderValues } from './fill-placeholders';
import { SCRIPT_COLUMNS, type ScriptRecord, type ScriptRow, toScriptRecord } from './script-record';

export interface ScriptQuery {
  /** Matches title, content or a keyword, ignoring case. */
  q?: string;
  category?: string;
  /** Fill the placeholders for this relation (it must be in the actor's scope). */
  relationId?: string;
  after?: string;
  limit: number;
}

export interface ScriptPage {
  scripts: ScriptRecord[];
  categories: string[];
  nextCursor: string | null;
}

/** `%`, `_` and `\` typed by a guide are literal characters, not LIKE patterns. */
const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Scripts newest first in keyset pages, searchable by keyword and category, with every category in use (for the
 * filter chips). Every member of staff reads every script; given a relation the actor may see, the placeholders
 * are filled with that customer's and guide's names. ILIKE rather than trigram search: scripts number in the
 * hundreds, and pg_trgm is not guaranteed on every PostgreSQL we run on.
 */
export async function listScripts(
  deps: Pick<DomainDeps, 'pool'>,
  actor: Actor,
  query: ScriptQuery,
): Promise<ScriptPage> {
  const after = query.after ? decodeTimeIdCursor(query.after) : null;
  const params = new SqlParams();
  const where: string[] = [];
  if (query.category !== undefined) where.push(`s.category = ${params.add(query.category)}`);
  if (query.q !== undefined) {
    const p = params.add(likePattern(query.q));
    where.push(`(s.title ILIKE ${p} ESCAPE '\\' OR s.content ILIKE ${p} ESCAPE '\\'
                 OR EXISTS (SELECT 1 FROM unnest(s.keywords) k WHERE k ILIKE ${p} ESCAPE '\\'))`);
  }
  if (after) {
    where.push(
      `(s.created_at, s.id) < (${params.add(after.at, 'timestamptz')}, ${params.add(after.id, 'uuid')})`,
    );
  }
  const [values, rows, categories] = await Promise.all([
    query.relationId ? findPlaceholderValues(deps, actor, query.relationId) : null,
    deps.pool.query<ScriptRow>(
      `SELECT ${SCRIPT_COLUMNS} FROM script s
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.created_at DESC, s.id DESC
       LIMIT ${params.add(query.limit + 1, 'int')}`,
      params.values,
    ),
    deps.pool.query<{ category: string }>(
      'SELECT category FROM script GROUP BY category ORDER BY count(*) DESC, category',
    ),
  ]);
  const page = rows.rows.slice(0, query.limit).map(toScriptRecord);
  const last = page.at(-1);
  return {
    scripts: values ? page.map((s) => fillScript(s, values)) : page,
    categories: categories.rows.map((r) => r.category),
    nextCursor: rows.rows.length > query.limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null,
  };
}

/** The script as it would be sent to this customer: placeholders filled in the text and on the card. */
export function fillScript(script: ScriptRecord, values: PlaceholderValues): ScriptRecord {
  const fill = (text: string) => fillPlaceholders(text, values);
  return {
    ...script,
    content: fill(script.content),
    link: script.link
      ? {
          ...script.link,
          title: fill(script.link.title),
          desc: script.link.desc === null ? null : fill(script.link.desc),
        }
      : null,
  };
}
