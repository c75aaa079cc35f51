import { badRequest } from '../../errors';

/**
 * Keyset cursors over (a time, id): opaque to the caller, stable while rows change between pages (unlike
 * OFFSET). A cursor that was not ours is a 400.
 */
export function encodeTimeIdCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeTimeIdCursor(cursor: string): { at: Date; id: string } {
  const [text = '', id = ''] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(text);
  // Only what encodeTimeIdCursor made: the same text back, a real uuid (the id column is one).
  const isOurs =
    !Number.isNaN(at.getTime()) &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) &&
    encodeTimeIdCursor(at, id) === cursor;
  if (!isOurs) {
    throw badRequest('bad_cursor', 'after is not a cursor this API gave out');
  }
  return { at, id };
}
