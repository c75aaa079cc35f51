import { SqlParams } from '../../db';
import { notFound } from '../../errors';
import type { LifecycleStage } from '../../http/contract/groups';
import { type Actor, relationScopeSql } from '../access/actor';
import type { DomainDeps } from '../deps';
import type { RelationFacts } from './match-group-rule';

/** How many of the customer's latest orders the view lists (the figures cover them all). */
export const RECENT_ORDERS = 5;

export interface ViewedRelation {
  id: string;
  guideId: string;
  customerId: string;
  status: 'ACTIVE' | 'DELETED_BY_GUIDE' | 'DELETED_BY_CUSTOMER';
  remark: string | null;
  description: string | null;
  addedAt: Date | null;
  addWay: number | null;
  channel: { id: string; name: string } | null;
  lastInteractionAt: Date | null;
  guide: { userid: string; name: string };
  welcome: { status: string; sentAt: Date | null } | null;
  customer: {
    externalUserid: string;
    name: string;
    avatar: string | null;
    type: number;
    gender: number;
    corpName: string | null;
    position: string | null;
    lifecycleStage: LifecycleStage | null;
    lifecycleChangedAt: Date | null;
    orderCount: number;
    spendCents: number;
    lastPurchaseAt: Date | null;
    preferredCategory: string | null;
  };
  recentOrders: { id: string; orderNo: string; amountCents: number; purchasedAt: Date; itemCount: number }[];
  /** What the member-group rules read of this relation, and the LIST groups it is in. */
  facts: RelationFacts;
  listGroupIds: Set<string>;
}

interface Row {
  id: string;
  guide_id: string;
  customer_id: string;
  status: ViewedRelation['status'];
  remark: string | null;
  description: string | null;
  added_at: Date | null;
  add_way: number | null;
  channel_id: string | null;
  channel_name: string | null;
  last_interaction_at: Date | null;
  guide_userid: string;
  guide_name: string;
  welcome_status: string | null;
  welcome_sent_at: Date | null;
  external_userid: string;
  name: string;
  avatar: string | null;
  type: number;
  gender: number;
  corp_name: string | null;
  position: string | null;
  lifecycle_stage: LifecycleStage | null;
  lifecycle_changed_at: Date | null;
  order_count: number;
  spend_cents: string;
  last_purchase_at: Date | null;
  preferred_category: string | null;
  joined_at: Date | null;
  store_id: string | null;
  tag_ids: string[];
  list_group_ids: string[];
  recent_orders: {
    id: string;
    order_no: string;
    amount_cents: number;
    purchased_at: string;
    item_count: number;
  }[];
}

/**
 * The userid whose own relation with the customer is preferred: the person at the keyboard. HQ signed in through
 * WeCom carries their userid as the label (the staff token's label names no member).
 */
function ownUserid(actor: Actor): string {
  return actor.kind === 'hq' ? actor.label : actor.userid;
}

/**
 * The relation the sidebar shows for a customer, with the customer, the guide, the channel, the welcome, the
 * latest orders, the relation's tag links and LIST groups, in one indexed query (customer by external_userid,
 * its few relations, their welcome rows, orders by customer, tags and groups by relation). The actor's own relation wins (a guide has no other in scope); else the named guide's;
 * else the active relation added most recently in the actor's scope, else the most recent of any status.
 */
export async function findViewedRelation(
  { pool }: Pick<DomainDeps, 'pool'>,
  actor: Actor,
  input: { externalUserid: string; guideUserid?: string },
): Promise<ViewedRelation> {
  const params = new SqlParams();
  const external = params.add(input.externalUserid);
  const scope = relationScopeSql(actor, params);
  const named = input.guideUserid === undefined ? '' : `AND g.userid = ${params.add(input.guideUserid)}`;
  const own = ownUserid(actor);
  const isOwn = `g.userid = ${params.add(own)}`;
  const { rows } = await pool.query<Row>(
    `SELECT gc.id, gc.guide_id, gc.customer_id, gc.status, gc.remark, gc.description, gc.added_at, gc.add_way,
            cw.id AS channel_id, cw.name AS channel_name, gc.last_interaction_at,
            g.userid AS guide_userid, g.name AS guide_name, w.status AS welcome_status, w.sent_at AS welcome_sent_at,
            c.external_userid, c.name, c.avatar, c.type, c.gender, c.corp_name, c.position, c.lifecycle_stage,
            c.lifecycle_changed_at, c.order_count, c.spend_cents, c.last_purchase_at, c.preferred_category,
            c.joined_at, g.store_id,
            ARRAY(SELECT rt.tag_id::text FROM relation_tag rt WHERE rt.relation_id = gc.id) AS tag_ids,
            ARRAY(SELECT m.group_id::text FROM customer_group_member m WHERE m.relation_id = gc.id) AS list_group_ids,
            (SELECT coalesce(json_agg(o ORDER BY o.purchased_at DESC, o.id DESC), '[]'::json) FROM (
               SELECT o.id, o.order_no, o.amount_cents, o.purchased_at,
                      (SELECT coalesce(sum((i->>'quantity')::int), 0)::int
                       FROM jsonb_array_elements(CASE WHEN jsonb_typeof(o.items) = 'array' THEN o.items
                                                      ELSE '[]'::jsonb END) i) AS item_count
               FROM "order" o WHERE o.customer_id = c.id
               ORDER BY o.purchased_at DESC, o.id DESC LIMIT ${params.add(RECENT_ORDERS, 'int')}) o
            ) AS recent_orders
     FROM customer c
     JOIN guide_customer gc ON gc.customer_id = c.id
     JOIN guide g ON g.id = gc.guide_id
     LEFT JOIN contact_way cw ON cw.id = gc.contact_way_id
     LEFT JOIN LATERAL (
       SELECT wm.status, wm.sent_at FROM welcome_message wm
       WHERE wm.external_userid = c.external_userid AND wm.guide_userid = g.userid
       ORDER BY wm.created_at DESC LIMIT 1
     ) w ON TRUE
     WHERE c.external_userid = ${external} AND (${scope}) ${named}
     ORDER BY ${isOwn} DESC, (gc.status = 'ACTIVE') DESC, gc.added_at DESC NULLS LAST, gc.id
     LIMIT 1`,
    params.values,
  );
  const r = rows[0];
  if (!r) throw notFound('relation_not_found', `no customer ${input.externalUserid} in your scope`);
  return {
    id: r.id,
    guideId: r.guide_id,
    customerId: r.customer_id,
    status: r.status,
    remark: r.remark,
    description: r.description,
    addedAt: r.added_at,
    addWay: r.add_way,
    channel: r.channel_id && r.channel_name !== null ? { id: r.channel_id, name: r.channel_name } : null,
    lastInteractionAt: r.last_interaction_at,
    guide: { userid: r.guide_userid, name: r.guide_name },
    welcome: r.welcome_status === null ? null : { status: r.welcome_status, sentAt: r.welcome_sent_at },
    customer: {
      externalUserid: r.external_userid,
      name: r.name,
      avatar: r.avatar,
      type: r.type,
      gender: r.gender,
      corpName: r.corp_name,
      position: r.position,
      lifecycleStage: r.lifecycle_stage,
      lifecycleChangedAt: r.lifecycle_changed_at,
      orderCount: r.order_count,
      spendCents: Number(r.spend_cents),
      lastPurchaseAt: r.last_purchase_at,
      preferredCategory: r.preferred_category,
    },
    recentOrders: r.recent_orders.map((o) => ({
      id: o.id,
      orderNo: o.order_no,
      amountCents: o.amount_cents,
      purchasedAt: new Date(o.purchased_at),
      itemCount: o.item_count,
    })),
    facts: {
      isActive: r.status === 'ACTIVE',
      tagIds: new Set(r.tag_ids),
      lifecycleStage: r.lifecycle_stage,
      spendCents: BigInt(r.spend_cents),
      orderCount: r.order_count,
      preferredCategory: r.preferred_category,
      lastPurchaseAt: r.last_purchase_at,
      joinedAt: r.joined_at,
      storeId: r.store_id,
      guideUserid: r.guide_userid,
    },
    listGroupIds: new Set(r.list_group_ids),
  };
}
