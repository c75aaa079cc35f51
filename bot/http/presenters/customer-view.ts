import type { CustomerView } from '../../domain/customer-view/get-customer-view';
import type { RelationRemark } from '../../domain/customer-view/update-relation-remark';
import type { CustomerViewResponse, RemarkResponse } from '../contract/customer-view';
import { presentFollowUp } from './follow-up';
import { presentRelationTags } from './tag';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** GET /customer-view. */
export function presentCustomerView(view: CustomerView): CustomerViewResponse {
  const { relation: r } = view;
  return {
    relationId: r.id,
    customer: {
      externalUserid: r.customer.externalUserid,
      name: r.customer.name,
      avatar: r.customer.avatar,
      type: r.customer.type,
      gender: r.customer.gender,
      corpName: r.customer.corpName,
      position: r.customer.position,
    },
    relation: {
      guide: r.guide,
      status: r.status,
      remark: r.remark,
      description: r.description,
      addedAt: iso(r.addedAt),
      addWay: r.addWay,
      channel: r.channel,
      lastInteractionAt: iso(r.lastInteractionAt),
      welcome: r.welcome ? { status: r.welcome.status, sentAt: iso(r.welcome.sentAt) } : null,
    },
    lifecycle: { stage: r.customer.lifecycleStage, changedAt: iso(r.customer.lifecycleChangedAt) },
    purchases: {
      orderCount: r.customer.orderCount,
      spendCents: r.customer.spendCents,
      lastPurchaseAt: iso(r.customer.lastPurchaseAt),
      preferredCategory: r.customer.preferredCategory,
      recent: r.recentOrders.map((o) => ({ ...o, purchasedAt: o.purchasedAt.toISOString() })),
    },
    tags: presentRelationTags(view.tags),
    // Any corp tag may be put on a customer (mark_tag); rule-group tags are set only by WeCom's rules.
    taxonomy: view.taxonomy.map((g) => ({
      id: g.id,
      name: g.name,
      canEdit: g.kind === 'corp',
      tags: g.tags.map((t) => ({ id: t.id, name: t.name })),
    })),
    groups: view.groups,
    followUps: view.followUps.map((f) => ({
      ...presentFollowUp(f),
      suggestedMessage: f.suggestedMessage,
    })),
  };
}

/** PATCH /relations/:id/remark. */
export function presentRemark(remark: RelationRemark): RemarkResponse {
  return { relationId: remark.relationId, remark: remark.remark, description: remark.description };
}
