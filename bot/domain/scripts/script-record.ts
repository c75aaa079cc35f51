import { badRequest } from '../../errors';

/** A link card as WeCom's sendChatMessage `news` takes it (title, desc, link, imgUrl). */
export interface ScriptLink {
  title: string;
  desc: string | null;
  url: string;
  imgUrl: string | null;
}

export type ScriptKind = 'TEXT' | 'LINK';

/** A script (话术) or material (素材) as the domain hands it out. */
export interface ScriptRecord {
  id: string;
  kind: ScriptKind;
  category: string;
  title: string;
  content: string;
  link: ScriptLink | null;
  keywords: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** The columns a raw script read selects, named as the Prisma model names them (what `toScriptRecord` reads). */
export const SCRIPT_COLUMNS = `s.id, s.kind, s.category, s.title, s.content, s.link, s.keywords,
  s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

/** A script row, from Prisma or from SCRIPT_COLUMNS: the link is JSON until read. */
export type ScriptRow = Omit<ScriptRecord, 'link'> & { link: unknown };

export function toScriptRecord(row: ScriptRow): ScriptRecord {
  return {
    id: row.id,
    kind: row.kind,
    category: row.category,
    title: row.title,
    content: row.content,
    link: toLink(row.link),
    keywords: row.keywords,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The stored link JSON (written only by create/update, from the contract's schema) read back with its type. */
function toLink(value: unknown): ScriptLink | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const text = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  const [title, url] = [text(v.title), text(v.url)];
  if (title === null || url === null) return null;
  return { title, url, desc: text(v.desc), imgUrl: text(v.imgUrl) };
}

/**
 * What a script of each kind must have, checked on create and again on the merged result of an update: a text
 * script is its content (and has no card), a link script is its card (the words before it are optional).
 */
export function assertScriptShape(kind: ScriptKind, content: string, link: ScriptLink | null): void {
  if (kind === 'TEXT' && content.length === 0) {
    throw badRequest('invalid_script', 'a text script needs content');
  }
  if (kind === 'TEXT' && link !== null) throw badRequest('invalid_script', 'a text script has no link card');
  if (kind === 'LINK' && link === null) throw badRequest('invalid_script', 'a link script needs link');
}

/** Keywords as stored: each once, in the order given. */
export const uniqueKeywords = (keywords: string[]): string[] => [...new Set(keywords)];
