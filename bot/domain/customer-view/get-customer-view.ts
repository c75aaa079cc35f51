import type { FollowUp } from '../../generated/prisma/client';
import type { TaxonomyGroup } from '../../http/contract/tags';
import type { Actor } from '../access/actor';
import type { DomainDeps } from '../deps';
import { listMatchableGroups } from '../groups/list-groups';
import { customerCallName } from '../scripts/fill-placeholders';
import { type RelationTagView, getRelationTags } from '../tags/get-relation-tags';
import { listTaxonomy } from '../tags/list-taxonomy';
import { type RelationGroup, groupsOfRelation } from './match-group-rule';
import { type ViewedRelation, findViewedRelation } from './find-viewed-relation';
import { suggestedMessage } from './suggested-message';

/** At most this many open follow-ups are listed for one relation (a guide owes one customer a few at a time). */
export const VIEW_FOLLOW_UPS = 50;

export interface CustomerView {
  relation: ViewedRelation;
  tags: RelationTagView;
  taxonomy: TaxonomyGroup[];
  groups: RelationGroup[];
  followUps: (FollowUp & { suggestedMessage: string | null })[];
}

/**
 * Everything the sidebar shows about the customer a guide is chatting with, in a fixed number of queries whatever
 * the data (7), side by side: the relation with the customer, channel, welcome, latest orders, tag links and LIST
 * groups (one query; see findViewedRelation for which relation), then at once its tags (three queries, as the
 * tag routes answer them) and its open follow-ups, each with a suggested message; meanwhile the tag taxonomy and
 * the group definitions. Its RULE groups are the rules it meets, tested on the row already read
 * (groupsOfRelation). A customer outside the actor's scope is a 404, exactly as one that does not exist.
 */
export async function getCustomerView(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'logger'>,
  actor: Actor,
  input: { externalUserid: string; guideUserid?: string },
  now = new Date(),
): Promise<CustomerView> {
  const found = findViewedRelation(deps, actor, input);
  // The relation's own reads start as soon as it is found, alongside the corp-wide ones.
  const [relation, taxonomy, groupDefinitions, [tags, followUps]] = await Promise.all([
    found,
    listTaxonomy(deps),
    listMatchableGroups(deps),
    found.then((r) =>
      Promise.all([
        getRelationTags(deps, actor, r.id),
        deps.db.followUp.findMany({
          where: { guideId: r.guideId, customerId: r.customerId, status: { in: ['PENDING', 'REMINDED'] } },
          orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
          take: VIEW_FOLLOW_UPS,
        }),
      ]),
    ),
  ]);
  const groups = groupsOfRelation(groupDefinitions, relation.facts, relation.listGroupIds, now);
  const names = {
    customer: customerCallName(relation.remark, relation.customer.name),
    guide: relation.guide.name,
  };
  return {
    relation,
    tags,
    taxonomy,
    groups,
    followUps: followUps.map((f) => ({ ...f, suggestedMessage: suggestedMessage(f.kind, names) })),
  };
}
