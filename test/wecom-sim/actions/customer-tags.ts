import { findTag } from '../state';
import type { SimRelation, SimState, SimStrategyTagGroup, SimTag, SimTagGroup } from '../state';

/**
 * The three kinds of tags a member ↔ customer relation can carry (doc 92114 follow_user.tags.type): 1 corp tag,
 * 2 personal tag (made by the member in the client, no tag_id), 3 rule-group (规则组) tag. Corp and rule-group tag
 * ids share relation.tagIds; personal tags live in relation.personalTags.
 */

export type CustomerTagRef =
  | { kind: 'corp'; group: SimTagGroup; tag: SimTag }
  | { kind: 'strategy'; group: SimStrategyTagGroup; tag: SimTag };

/** Live rule-group tag by id, with its group. */
export function findStrategyTag(
  state: SimState,
  tagId: string,
): { group: SimStrategyTagGroup; tag: SimTag } | undefined {
  for (const group of state.strategyTagGroups) {
    if (group.deleted) continue;
    const tag = group.tags.find((t) => t.id === tagId && !t.deleted);
    if (tag) return { group, tag };
  }
  return undefined;
}

/** A live corp or rule-group tag (what mark_tag and the client may put on a customer). */
export function findCustomerTag(state: SimState, tagId: string): CustomerTagRef | undefined {
  const corp = findTag(state, tagId);
  if (corp) return { kind: 'corp', ...corp };
  const strategy = findStrategyTag(state, tagId);
  return strategy ? { kind: 'strategy', ...strategy } : undefined;
}

export interface FollowTag {
  group_name: string;
  tag_name: string;
  tag_id?: string;
  type: 1 | 2 | 3;
}

/**
 * follow_user[].tags of externalcontact/get: corp and rule-group tags in the order they were put on, then personal
 * tags (that ordering is the simulator's; WeCom's is UNCONFIRMED). Deleted tags drop out, as in WeCom.
 */
export function presentFollowTags(state: SimState, relation: SimRelation): FollowTag[] {
  const idTags = relation.tagIds.flatMap((tagId): FollowTag[] => {
    const found = findCustomerTag(state, tagId);
    if (!found) return [];
    const type = found.kind === 'corp' ? 1 : 3;
    return [{ group_name: found.group.groupName, tag_name: found.tag.name, tag_id: tagId, type }];
  });
  // group_name for personal tags: the doc example shows the field on every tag; what WeCom puts there is UNCONFIRMED.
  const personal = (relation.personalTags ?? []).map((tag): FollowTag => ({
    group_name: tag.groupName,
    tag_name: tag.tagName,
    type: 2,
  }));
  return [...idTags, ...personal];
}
