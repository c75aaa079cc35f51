import { badRequest } from '../../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Times a cursor may carry: years 1 to 9999, which both PostgreSQL and toISOString write with four digits. JS
// dates reach year 275760 and before year 0, which PostgreSQL refuses (a 500, not a 400).
const FIRST_TIME = Date.parse('0001-01-01T00:00:00Z');
const LAST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

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
  const time = at.getTime();
  const isStorable = time >= FIRST_TIME && time <= LAST_TIME; // false for an invalid date (NaN) too
  if (!isStorable || !UUID.test(id) || encodeTimeIdCursor(at, id) !== cursor) throw badCursor();
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
