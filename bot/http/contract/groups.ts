import { z } from 'zod';
import { BusinessDateTime, type IsoDateTime, type Page, Text } from './common';

export const LIFECYCLE_STAGES = ['ONBOARDING', 'AWAKENING', 'RECALL', 'DORMANT', 'LAPSED'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** An inclusive range; at least one end is given. */
export interface Range {
  min?: number;
  max?: number;
}

/**
 * A member group's rule (会员分组规则): every node has exactly one key. `all` / `any` / `not` combine rules; the
 * others are conditions (`tag` is our tag id, `stores` store ids, `guides` WeCom userids). At most 6 levels and
 * 100 nodes; the server checks it and names the part that is wrong.
 */
export type GroupRule =
  | { all: GroupRule[] }
  | { any: GroupRule[] }
  | { not: GroupRule }
  | { tag: string }
  | { lifecycle: LifecycleStage[] }
  | { spendCents: Range }
  | { orderCount: Range }
  | { avgOrderCents: Range }
  | { category: string[] }
  | { daysSinceLastPurchase: Range }
  | { daysSinceJoined: Range }
  | { stores: string[] }
  | { guides: string[] };

/** POST /groups. */
export const CreateGroupInput = z.strictObject({
  name: Text.trim().min(1).max(100),
  description: Text.max(1000).nullish(),
  kind: z.enum(['RULE', 'LIST']),
  // Validated by the domain (parseGroupRule), which says which part of the tree is wrong.
  rule: z.unknown().optional(),
});
export type CreateGroupInput = Omit<z.input<typeof CreateGroupInput>, 'rule'> & { rule?: GroupRule };

/** PATCH /groups/:id (a group keeps its kind). */
export const UpdateGroupInput = CreateGroupInput.omit({ kind: true }).partial();
export type UpdateGroupInput = Omit<z.input<typeof UpdateGroupInput>, 'rule'> & { rule?: GroupRule };

/** GET /groups/:id/members?limit&after. */
export const GroupMembersQuery = z.object({
  after: Text.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type GroupMembersQuery = z.input<typeof GroupMembersQuery>;

/** POST /groups/:id/members and /groups/:id/members/remove (LIST groups). */
export const GroupMemberRefsInput = z
  .strictObject({
    // Lower-cased: PostgreSQL matches either case, and the not-found list compares with what it returns.
    relationIds: z
      .array(z.guid().transform((s) => s.toLowerCase()))
      .max(1000)
      .optional(),
    pairs: z
      .array(z.strictObject({ guideUserid: Text.min(1).max(64), externalUserid: Text.min(1).max(64) }))
      .max(1000)
      .optional(),
  })
  .refine((r) => (r.relationIds?.length ?? 0) + (r.pairs?.length ?? 0) > 0, 'give relationIds or pairs');
export type GroupMemberRefsInput = z.input<typeof GroupMemberRefsInput>;

/** POST /groups/:id/follow-ups: a CUSTOM follow-up for every member, once per `key`. */
export const GroupFollowUpInput = z.strictObject({
  title: Text.trim().min(1).max(100),
  note: Text.max(1000).optional(),
  dueAt: BusinessDateTime.optional(),
  key: Text.min(1).max(64).optional(),
});
export type GroupFollowUpInput = z.input<typeof GroupFollowUpInput>;

/** GET /reach-plan?month=YYYY-MM&byGroup&oneToOne. */
export const ReachPlanQuery = z.object({
  month: Text.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
  byGroup: z.coerce.number().min(0).max(1).default(0.7),
  oneToOne: z.coerce.number().min(0).max(1).default(0.3),
});
export type ReachPlanQuery = z.input<typeof ReachPlanQuery>;

export interface Group {
  id: string;
  name: string;
  description: string | null;
  kind: 'RULE' | 'LIST';
  /** The rule of a RULE group; null for a LIST group. */
  rule: GroupRule | null;
  createdBy: string | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/** GET /groups. */
export interface GroupListResponse {
  groups: Group[];
}

/** GET, PATCH /groups/:id and POST /groups (201). */
export interface GroupResponse {
  group: Group;
}

/** GET /groups/:id/count. */
export interface GroupCountResponse {
  /** Guide–customer relations: how many one-to-one messages reaching the group takes. */
  relations: number;
  /** Distinct customers: a customer who follows two guides counts once. */
  customers: number;
}

export interface GroupMember {
  relationId: string;
  customerName: string;
  externalUserid: string;
  guideName: string;
  guideUserid: string;
  storeName: string | null;
  lifecycleStage: string | null;
  spendCents: number;
}

/** GET /groups/:id/members. */
export interface GroupMembersResponse extends Page {
  members: GroupMember[];
}

/** POST /groups/:id/members. */
export interface AddedMembersResponse {
  added: number;
  alreadyMembers: number;
  /** References that name no ACTIVE relation the caller may see, as given. */
  notFound: string[];
}

/** POST /groups/:id/members/remove. */
export interface RemovedMembersResponse {
  removed: number;
}

/** POST /groups/:id/follow-ups: 201 when it created any, else 200. */
export interface GroupFollowUpsResponse {
  /** Members the caller can see, each of which now has the follow-up. */
  matched: number;
  /** Follow-ups this call created (0 when asked again). */
  created: number;
  dueAt: IsoDateTime;
}

export interface StoreReach {
  storeId: string;
  storeName: string;
  /** Distinct customers with an ACTIVE relation to one of the store's guides. */
  customers: number;
  /** …of whom a store guide reached by a mass message or a group follow-up done this month. */
  reachedByGroup: number;
  /** …of whom a store guide reached one-to-one (any other interaction) this month. */
  reachedOneToOne: number;
  byGroupShare: number;
  oneToOneShare: number;
  /** Share minus plan: negative means behind plan. */
  byGroupGap: number;
  oneToOneGap: number;
}

/** GET /reach-plan. */
export interface ReachPlanResponse {
  month: string;
  plan: { byGroup: number; oneToOne: number };
  stores: StoreReach[];
}
