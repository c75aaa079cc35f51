import { z } from 'zod';
import { type IsoDateTime, type Page, Text, optionalFilter } from './common';

/**
 * Scripts (话术) and materials (素材), managed by HQ: a text with placeholders, or a link card (H5 news). The
 * placeholders `{客户}` (the customer's remark, else their name) and `{导购}` (the guide's name) are filled in by
 * the server when the list is read for a relation.
 */
export const SCRIPT_PLACEHOLDERS = ['{客户}', '{导购}'] as const;

const Link = z.strictObject({
  title: Text.trim().min(1).max(128),
  desc: Text.trim().max(512).optional(),
  url: Text.url()
    .max(2048)
    .regex(/^https?:\/\//i, 'an http(s) URL'),
  imgUrl: Text.url()
    .max(2048)
    .regex(/^https?:\/\//i, 'an http(s) URL')
    .optional(),
});

/** POST /api/v1/scripts (HQ). */
export const CreateScriptInput = z
  .strictObject({
    kind: z.enum(['text', 'link']),
    category: Text.trim().min(1).max(30),
    title: Text.trim().min(1).max(60),
    /** The text sent (kind text), or the words before the card (kind link, optional). */
    content: Text.trim().max(2000).default(''),
    link: Link.optional(),
    keywords: z.array(Text.trim().min(1).max(20)).max(20).default([]),
  })
  .refine((v) => (v.kind === 'text' ? v.content.length > 0 : v.link !== undefined), {
    message: 'a text script needs content, a link script needs link',
  });
export type CreateScriptInput = z.input<typeof CreateScriptInput>;

/** PATCH /api/v1/scripts/:id (HQ): any field but kind. */
export const UpdateScriptInput = z
  .strictObject({
    category: Text.trim().min(1).max(30).optional(),
    title: Text.trim().min(1).max(60).optional(),
    content: Text.trim().max(2000).optional(),
    link: Link.optional(),
    keywords: z.array(Text.trim().min(1).max(20)).max(20).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'change at least one field');
export type UpdateScriptInput = z.input<typeof UpdateScriptInput>;

/** GET /api/v1/scripts?q&category&relationId&after&limit: newest first; `relationId` fills the placeholders. */
export const ScriptListQuery = z.object({
  q: optionalFilter(50),
  category: optionalFilter(30),
  relationId: z.uuid().optional(),
  after: Text.max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ScriptListQuery = z.input<typeof ScriptListQuery>;

export interface Script {
  id: string;
  kind: 'text' | 'link';
  category: string;
  title: string;
  /** Filled in when the list was read for a relation, else with its placeholders. */
  content: string;
  link: { title: string; desc: string | null; url: string; imgUrl: string | null } | null;
  keywords: string[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export interface ScriptListResponse extends Page {
  scripts: Script[];
  /** Every category in use, for the filter chips. */
  categories: string[];
}

export interface ScriptResponse {
  script: Script;
}
