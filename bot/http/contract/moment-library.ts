import { z } from 'zod';
import { type IsoDateTime, Text, optionalFilter } from './common';
import { Day, MOMENT_KINDS, type MomentKind } from './moments';

/** An http(s) address: images and videos HQ hosts, which the share passes to WeCom as `imgUrl`. */
const HttpUrl = Text.url()
  .max(2048)
  .regex(/^https?:\/\//i, 'an http(s) URL');

/** A link card's title: WeCom takes at most 64 bytes (UTF-8: 21 Chinese characters). */
const LinkTitle = Text.trim()
  .min(1)
  .refine((s) => new TextEncoder().encode(s).length <= 64, 'at most 64 bytes (21 Chinese characters)');

/**
 * What a post carries besides its words. WeCom takes one kind a post (add_moment_task refuses a mix, and so does
 * shareToExternalMoments): up to 9 images, or one link, or one video.
 */
export const MomentMedia = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('images'), images: z.array(HttpUrl).min(1).max(9) }),
  z.strictObject({
    type: z.literal('link'),
    link: z.strictObject({ title: LinkTitle, url: HttpUrl, imgUrl: HttpUrl.optional() }),
  }),
  z.strictObject({ type: z.literal('video'), video: z.strictObject({ url: HttpUrl }) }),
]);
export type MomentMedia = z.output<typeof MomentMedia>;

/** WeCom's limit on a Moments post's text. */
export const MOMENT_TEXT_MAX = 2000;

const fields = {
  kind: z.enum(MOMENT_KINDS),
  title: Text.trim().min(1).max(60),
  text: Text.trim().max(MOMENT_TEXT_MAX).default(''),
  media: MomentMedia.default({ type: 'none' }),
  product: Text.trim().max(60).nullable().default(null),
  sellingPoint: Text.trim().max(200).nullable().default(null),
  /** WeCom corp tag ids (`et…`) of the customers it suits. */
  audienceTagIds: z.array(Text.trim().min(1).max(64)).max(50).default([]),
  validFrom: Day,
  validUntil: Day.nullable().default(null),
};

type Draft = {
  kind: MomentKind;
  text: string;
  media: MomentMedia;
  product: string | null;
  sellingPoint: string | null;
  validFrom?: string;
  validUntil: string | null;
};

/** The rules an item must keep whole, checked on create, on the merged result of an update, and on import. */
export function libraryItemProblems(item: Draft): string[] {
  const problems: string[] = [];
  if (item.text === '' && item.media.type === 'none') problems.push('an item needs text or media');
  if (item.kind === 'product' && (!item.product || !item.sellingPoint)) {
    problems.push('a product item names its product and its one selling point');
  }
  if (item.validFrom && item.validUntil && item.validUntil < item.validFrom) {
    problems.push('validUntil is before validFrom');
  }
  return problems;
}

const whole = (item: Draft, ctx: z.RefinementCtx) => {
  for (const message of libraryItemProblems(item)) ctx.addIssue({ code: 'custom', message });
};

/** POST /api/v1/moments/library (HQ). */
export const LibraryItemInput = z.strictObject(fields).superRefine(whole);
export type LibraryItemInput = z.input<typeof LibraryItemInput>;

/** One item of an import (the export's JSON items): with the id it had, it updates that item or adds it so. */
export const LibraryImportItem = z.strictObject({ id: z.uuid().optional(), ...fields }).superRefine(whole);
export type LibraryImportItem = z.input<typeof LibraryImportItem>;

/** PATCH /api/v1/moments/library/:id (HQ): any field; the merged item is checked whole. */
export const LibraryItemUpdate = z
  .strictObject({
    kind: fields.kind.optional(),
    title: fields.title.optional(),
    text: Text.trim().max(MOMENT_TEXT_MAX).optional(),
    media: MomentMedia.optional(),
    product: Text.trim().max(60).nullable().optional(),
    sellingPoint: Text.trim().max(200).nullable().optional(),
    audienceTagIds: z.array(Text.trim().min(1).max(64)).max(50).optional(),
    validFrom: Day.optional(),
    validUntil: Day.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'change at least one field');
export type LibraryItemUpdate = z.input<typeof LibraryItemUpdate>;

/**
 * POST /api/v1/moments/library/import (HQ): a CSV file's text (the export's columns) or the export's JSON items.
 * An item with an `id` we have is updated, any other is added; one bad row and nothing is written.
 */
export const LibraryImportInput = z.discriminatedUnion('format', [
  z.strictObject({ format: z.literal('csv'), csv: Text.min(1) }),
  z.strictObject({
    format: z.literal('json'),
    items: z.array(z.record(z.string(), z.unknown())).min(1).max(2000),
  }),
]);
export type LibraryImportInput = z.input<typeof LibraryImportInput>;

/** GET /api/v1/moments/library?kind&q&status&page&pageSize (store managers and HQ). */
export const LibraryListQuery = z.object({
  kind: z.enum(MOMENT_KINDS).optional(),
  q: optionalFilter(50),
  /** current: valid today and not archived; all: everything not archived; archived. */
  status: z.enum(['current', 'all', 'archived']).default('all'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type LibraryListQuery = z.input<typeof LibraryListQuery>;

export interface LibraryItem {
  id: string;
  kind: MomentKind;
  title: string;
  text: string;
  media: MomentMedia;
  product: string | null;
  sellingPoint: string | null;
  audienceTags: { id: string; name: string | null }[];
  validFrom: string;
  validUntil: string | null;
  archived: boolean;
  createdBy: string;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export interface LibraryListResponse {
  items: LibraryItem[];
  page: { page: number; pageSize: number; total: number };
}

export interface LibraryImportResponse {
  created: number;
  updated: number;
}

/** The CSV's columns, in order: what the export writes and the import reads (by header, any order). */
export const LIBRARY_CSV_COLUMNS = [
  'id',
  'kind',
  'title',
  'text',
  'images',
  'link_title',
  'link_url',
  'link_img_url',
  'video_url',
  'product',
  'selling_point',
  'audience_tag_ids',
  'audience_tag_names',
  'valid_from',
  'valid_until',
] as const;

/**
 * POST /api/v1/moments/tasks (HQ): publish a library item as an enterprise Moments post (add_moment_task) for
 * chosen guides (none: every member with customer contact) and, optionally, only customers with these corp tags.
 */
export const MomentTaskInput = z.strictObject({
  itemId: z.uuid(),
  senderUserids: z.array(Text.trim().min(1).max(64)).max(100_000).default([]),
  tagIds: z.array(Text.trim().min(1).max(64)).max(100).default([]),
});
export type MomentTaskInput = z.input<typeof MomentTaskInput>;

export interface MomentTaskView {
  id: string;
  item: { id: string; title: string };
  status: 'creating' | 'created' | 'failed';
  /** WeCom's answer when it failed. */
  error: { errcode: number; errmsg: string } | null;
  momentId: string | null;
  senderUserids: string[];
  tagIds: string[];
  invalidSenders: string[];
  invalidTags: string[];
  /**
   * The last read of publishing: each sender, whether they published, and how many customers it reached (null:
   * published but not counted yet; a refresh counts at most 200 senders).
   */
  results: {
    senders: { userid: string; published: boolean; reached: number | null }[];
    at: IsoDateTime;
  } | null;
  createdBy: string;
  createdAt: IsoDateTime;
}

export interface MomentTaskListResponse {
  tasks: MomentTaskView[];
}
