import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { WecomError } from '../errors';
import type { WindowCounter } from '../rate-limit';
import type { SimState } from '../state';

/** Limits the simulator enforces; defaults are WeCom's published numbers (API.md §3.3, §3.8, §3.10). */
export interface SimLimits {
  perApiPerMinute: number;
  perApiPerHour: number;
  jsapiTicketPerHour: number;
  agentTicketPerHour: number;
  appMessagePerMemberPerMinute: number;
  appMessagePerMemberPerHour: number;
  welcomeCodeTtlMs: number;
  oauthCodeTtlMs: number;
  ticketTtlSeconds: number;
  /** externalcontact/get pages follow_user at 500 (API.md §3.2); lower it to test paging. */
  followUserPageSize: number;
  /**
   * Mass messages one customer / customer group may receive per calendar month. null = the current rule, N = days
   * in the month (API.md §3.5); older rules were 4/month, so tests can pin a number.
   */
  massMessagesPerReceiverPerMonth: number | null;
  /** add_moment_task creations per corp a minute (API.md §3.10, older copy: 10). */
  momentTasksPerMinute: number;
  /**
   * For this long after add_msg_template, the result APIs answer 41063 "being dispatched, retry later" (doc 90313
   * errcode list). 0 = off (default): WeCom does not say how long dispatching takes.
   */
  massMessageDispatchMs: number;
}

export const DEFAULT_LIMITS: SimLimits = {
  perApiPerMinute: 10_000,
  perApiPerHour: 150_000,
  jsapiTicketPerHour: 400,
  agentTicketPerHour: 100,
  appMessagePerMemberPerMinute: 30,
  appMessagePerMemberPerHour: 1000,
  welcomeCodeTtlMs: 20_000,
  oauthCodeTtlMs: 5 * 60_000,
  ticketTtlSeconds: 7200,
  followUserPageSize: 500,
  massMessagesPerReceiverPerMonth: null,
  massMessageDispatchMs: 0,
  momentTasksPerMinute: 10,
};

export interface ApiContext {
  state: SimState;
  now: () => number;
  limits: SimLimits;
  tokenTtlSeconds: number;
  counters: WindowCounter;
}

export interface ApiRequest {
  query: Record<string, string>;
  /** Parsed JSON object for POST; {} for GET. */
  body: Record<string, unknown>;
  ctx: ApiContext;
}

/** Returns the success fields; errcode 0 / errmsg ok are added by the gateway. Throws WecomError otherwise. */
export type ApiHandler = (req: ApiRequest) => Record<string, unknown>;

export interface ApiRoute {
  method: 'GET' | 'POST';
  /** gettoken is the only API that does not take an access_token. */
  auth: boolean;
  /** A multipart upload (media/upload_attachment): the handler gets `body.media`, the form's file. */
  multipart?: boolean;
  handler: ApiHandler;
}

/** The file of a multipart upload, as an upload handler sees it in `body.media`. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  size: number;
}

/**
 * Validates a JSON body. A field of the wrong JSON type fails WeCom's decoding → 47001 data format error;
 * semantic violations (limits, emptiness) are checked by the handler and answer 40058.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new WecomError(47001, issue ? `${issue.path.join('.')}: ${issue.message}` : 'bad body');
  }
  return result.data;
}

/** Random id in WeCom's base64url-ish style, e.g. `et` + 30 chars for tags. */
export function randomId(prefix: string, length: number): string {
  return prefix + randomBytes(length).toString('base64url').slice(0, length);
}

export const toSeconds = (ms: number): number => Math.floor(ms / 1000);

export const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Opaque cursors (base64url of an offset) — clients must echo them, never build them. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`sim:${offset}`, 'utf8').toString('base64url');
}

/** Decodes a cursor from encodeCursor; empty = start; anything else → 40058 (WeCom's code UNCONFIRMED). */
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^sim:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match?.[1]) throw new WecomError(40058, 'invalid cursor');
  return Number(match[1]);
}

/** One page of `items` from `cursor`, and the cursor of the next page ('' when none is left). */
export function pageOf<T>(
  items: T[],
  cursor: string | undefined,
  limit: number,
): { page: T[]; next: string } {
  const offset = decodeCursor(cursor);
  const hasMore = offset + limit < items.length;
  return { page: items.slice(offset, offset + limit), next: hasMore ? encodeCursor(offset + limit) : '' };
}

/** Characters as WeCom counts them for "不超过30个字符" limits (code points, not UTF-16 units). */
export const charLength = (text: string): number => [...text].length;
