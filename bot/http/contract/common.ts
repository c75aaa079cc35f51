// The staff API's contract: request schemas, response types and error codes, shared by the server and the sidebar.
// One rule: files here import only `zod` and each other, so the browser can import this folder and nothing else.
// Routes parse with these schemas; presenters turn domain results into these response types.
import { z } from 'zod';

/** A date-time as JSON carries it: ISO 8601 with milliseconds and `Z`, as `Date.prototype.toISOString` writes. */
export type IsoDateTime = string;

/** A date-time the client sends: ISO 8601 with an offset (`Z` or `+08:00`), read as a Date. */
export const IsoDateTimeInput = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** `:id` path parameters that name a row by uuid. */
export const IdParams = z.object({ id: z.uuid() });
export type IdParams = z.output<typeof IdParams>;

/** A query filter where `?name=` (empty, as a form sends it) means no filter. */
export const optionalFilter = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .optional()
    .transform((v) => v || undefined);

/** Any JSON value, as stored in a JSON column and sent back unchanged. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

/** A keyset page: pass `nextCursor` as `after` for the next page; null on the last page. */
export interface Page {
  nextCursor: string | null;
}
