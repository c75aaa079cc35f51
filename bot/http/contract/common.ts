// The staff API's contract: request schemas, response types and error codes, shared by the server and the sidebar.
// One rule: files here import only `zod` and each other, so the browser can import this folder and nothing else.
// Routes parse with these schemas; presenters turn domain results into these response types.
import { z } from 'zod';

/** A date-time as JSON carries it: ISO 8601 with milliseconds and `Z`, as `Date.prototype.toISOString` writes. */
export type IsoDateTime = string;

/**
 * Every string the API takes, in bodies, queries and headers: one PostgreSQL can store. Its `text` cannot hold
 * U+0000, and a UTF-16 surrogate without its pair is not Unicode (Prisma's engine refuses it, pg would write
 * U+FFFD): either made a 500. Chain zod's string methods on it as on `z.string()`:
 * `Text.trim().min(1).max(64)`.
 */
export const Text = z
  .string()
  .refine((s) => !hasNul(s), 'must not contain U+0000 (NUL)')
  .refine((s) => !hasLoneSurrogate(s), 'must be valid Unicode (a lone UTF-16 surrogate)');

export const hasNul = (s: string): boolean => s.includes('\u0000');
// In a `u` regex a paired surrogate is one code point, so \p{Cs} matches only a lone one.
export const hasLoneSurrogate = (s: string): boolean => /\p{Cs}/u.test(s);
/** What `Text` accepts: a string PostgreSQL stores exactly as it is (domain code checks with this too). */
export const isStorableText = (s: string): boolean => !hasNul(s) && !hasLoneSurrogate(s);

/** How deep a JsonObject may nest: WeCom's attachments nest two levels; a deeper one is not worth walking. */
const MAX_JSON_DEPTH = 16;

/**
 * A JSON object the client sends and we store as it is (message attachments): every key and string in it, at any
 * depth, must be what `Text` accepts, and the error names where one is not.
 */
export const JsonObject = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (path.length > MAX_JSON_DEPTH) {
      ctx.addIssue({ code: 'custom', message: `nests more than ${MAX_JSON_DEPTH} levels`, path });
    } else if (typeof node === 'string') {
      const problem = Text.safeParse(node).error?.issues[0];
      if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path });
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i]));
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, item] of Object.entries(node)) {
        visit(key, [...path, key]);
        visit(item, [...path, key]);
      }
    }
  };
  visit(value, []);
});

/**
 * Business dates (a purchase, a due time, an interaction, a message sent) are in [2000, 2100) UTC. Anything
 * outside is a typo or an attack, and breaks something downstream: year 0 is not a PostgreSQL year, and a date
 * near 9999 becomes year 10000 once a reminder is added to it.
 */
export const BUSINESS_DATES = { from: '2000-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' } as const;
const [FROM_MS, UNTIL_MS] = [Date.parse(BUSINESS_DATES.from), Date.parse(BUSINESS_DATES.until)];

/**
 * A business date-time the client sends: ISO 8601 with an offset (`Z` or `+08:00`), within BUSINESS_DATES, read
 * as a Date.
 */
export const BusinessDateTime = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .refine(
    (d) => d.getTime() >= FROM_MS && d.getTime() < UNTIL_MS,
    'must be between 2000-01-01 and 2100-01-01 (UTC)',
  );

/** `:id` path parameters that name a row by uuid. */
export const IdParams = z.object({ id: z.uuid() });
export type IdParams = z.output<typeof IdParams>;

/** A query filter where `?name=` (empty, as a form sends it) means no filter. */
export const optionalFilter = (maxLength: number) =>
  Text.max(maxLength)
    .optional()
    .transform((v) => v || undefined);

/** Any JSON value, as stored in a JSON column and sent back unchanged. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

/** A keyset page: pass `nextCursor` as `after` for the next page; null on the last page. */
export interface Page {
  nextCursor: string | null;
}
