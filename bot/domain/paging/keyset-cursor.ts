import { badRequest } from '../../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Keyset cursors: the sort key of the last row a page showed, opaque to the caller, stable while rows change
 * between pages (unlike OFFSET). Every paged list uses these; a cursor that was not ours is a 400 `bad_cursor`,
 * never a query.
 */
export function encodeTimeIdCursor(at: Date, id: string): string {
  return encode([at.toISOString(), id]);
}

/** The (time, id) after which a page ordered by time then id continues. */
export function decodeTimeIdCursor(cursor: string): { at: Date; id: string } {
  const [text = '', id = ''] = decode(cursor, 2);
  const at = new Date(text);
  if (Number.isNaN(at.getTime()) || !UUID.test(id) || encodeTimeIdCursor(at, id) !== cursor)
    throw badCursor();
  return { at, id };
}

export function encodeIdCursor(id: string): string {
  return encode([id]);
}

/** The id after which a page ordered by id continues. */
export function decodeIdCursor(cursor: string): string {
  const [id = ''] = decode(cursor, 1);
  if (!UUID.test(id) || encodeIdCursor(id) !== cursor) throw badCursor();
  return id;
}

function encode(parts: string[]): string {
  return Buffer.from(parts.join('|')).toString('base64url');
}

function decode(cursor: string, count: number): string[] {
  const parts = Buffer.from(cursor, 'base64url').toString().split('|');
  if (parts.length !== count) throw badCursor();
  return parts;
}

const badCursor = () => badRequest('bad_cursor', 'after is not a cursor this API gave out');
