import { badRequest } from '../../errors';
import { isStorableText } from '../../http/contract/common';

// PostgreSQL refuses U+0000 in text and jsonb. A lone surrogate is worse: pg encodes strings as UTF-8 and turns
// it into U+FFFD without a word, so the row would quietly differ from what WeCom stores. The API contract refuses
// both at the edge; domain code that writes to WeCom checks again, whoever called it (jobs included).
export { isStorableText };

/** The path of the first string (value or key) in `value` that PostgreSQL cannot store as it is, if any. */
export function findUnstorable(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorable(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return `${path}.<key>`;
      const found = findUnstorable(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Refuses (400) input our database could not store as given. Called before any WeCom write, so that WeCom never
 * gets what we would then fail to record.
 */
export function assertStorable(fields: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(fields)) {
    const found = findUnstorable(value, name);
    if (found) throw badRequest('invalid_request', `${found}: 含有无法保存的字符（U+0000 或不成对的代理项）`);
  }
}

/** Characters as WeCom counts them for its 30-character limits: code points, not UTF-16 units. */
export function charLength(value: string): number {
  return [...value].length;
}

/** The first `max` characters (code points), never half of a surrogate pair. */
export function truncateChars(value: string, max: number): string {
  return [...value].slice(0, max).join('');
}
