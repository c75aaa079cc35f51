import { z } from 'zod';
import { type IsoDateTime, Text } from './common';

// WeCom: names ≤30 characters (API.md §3.4); order in [0, 2^32).
const TagName = Text.trim().min(1).max(30);
const TagOrder = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/** POST /tag-groups: a new group with its first tags. */
export const CreateTagGroupInput = z.object({ name: TagName, tags: z.array(TagName).min(1).max(100) });
export type CreateTagGroupInput = z.input<typeof CreateTagGroupInput>;

/** POST /tag-groups/:id/tags. */
export const AddTagsInput = z.object({ tags: z.array(TagName).min(1).max(100) });
export type AddTagsInput = z.input<typeof AddTagsInput>;

/** PATCH /tags/:id and PATCH /tag-groups/:id: rename or reorder. */
export const EditTagInput = z
  .object({ name: TagName.optional(), order: TagOrder.optional() })
  .refine((v) => v.name !== undefined || v.order !== undefined, 'give name or order');
export type EditTagInput = z.input<typeof EditTagInput>;

/** POST /relations/:id/tags: our tag ids to add and to remove. */
export const RelationTagEditInput = z
  .object({ add: z.array(z.uuid()).max(100).default([]), remove: z.array(z.uuid()).max(100).default([]) })
  .refine((v) => v.add.length + v.remove.length > 0, 'add or remove at least one tag');
export type RelationTagEditInput = z.input<typeof RelationTagEditInput>;

/** GET /relations/lookup?guideUserid&externalUserid. */
export const RelationLookupQuery = z.object({
  guideUserid: Text.min(1).max(64),
  externalUserid: Text.min(1).max(64),
});
export type RelationLookupQuery = z.input<typeof RelationLookupQuery>;

export interface TaxonomyTag {
  id: string;
  wecomTagId: string;
  name: string;
  order: number;
  /** WeCom lets an app rename or delete only tags it created; rule-group tags are the console's. */
  canEdit: boolean;
}

export interface TaxonomyGroup {
  id: string;
  wecomGroupId: string;
  name: string;
  order: number;
  kind: 'corp' | 'rule_group';
  strategyId: number | null;
  canEdit: boolean;
  tags: TaxonomyTag[];
}

/** GET /tags. */
export interface TaxonomyResponse {
  groups: TaxonomyGroup[];
}

/** POST /tag-groups and POST /tag-groups/:id/tags (201). */
export interface CreatedTagsResponse {
  groupId: string;
  tagIds: string[];
}

/** GET /relations/lookup. */
export interface RelationLookupResponse {
  relationId: string;
}

/**
 * GET and POST /relations/:id/tags: every kind of tag on the relation, and changes still on their way. (The
 * domain builds it with Dates, `RelationTagsResponse<Date>`; the presenter sends ISO strings.)
 */
export interface RelationTagsResponse<D = IsoDateTime> {
  relationId: string;
  corpTags: { id: string; name: string; groupName: string; pending: boolean }[];
  /** Rule-group tags (规则组): shown, set only by WeCom's rules. */
  ruleGroupTags: { id: string; name: string; groupName: string }[];
  /** Personal tags (个人标签): the guide's own, names only. */
  personalTags: string[];
  /** Changes that have not reached WeCom or that WeCom refused (last 30 days), newest first. */
  changes: {
    id: string;
    tagName: string;
    op: 'ADD' | 'REMOVE';
    status: 'PENDING' | 'FAILED';
    error: string | null;
    errcode: number | null;
    at: D;
  }[];
}
