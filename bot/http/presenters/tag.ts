import type { RelationTagView } from '../../domain/tags/get-relation-tags';
import type { TaxonomyGroup } from '../contract/tags';
import type {
  CreatedTagsResponse,
  RelationLookupResponse,
  RelationTagsResponse,
  TaxonomyResponse,
} from '../contract/tags';

/** The taxonomy as GET /tags answers it. */
export function presentTaxonomy(groups: TaxonomyGroup[]): TaxonomyResponse {
  return { groups };
}

export function presentCreatedTags(created: { groupId: string; tagIds: string[] }): CreatedTagsResponse {
  return { groupId: created.groupId, tagIds: created.tagIds };
}

/** A relation's tags and its changes still on their way, with the change times as ISO strings. */
export function presentRelationTags(view: RelationTagView): RelationTagsResponse {
  return {
    relationId: view.relationId,
    corpTags: view.corpTags,
    ruleGroupTags: view.ruleGroupTags,
    personalTags: view.personalTags,
    changes: view.changes.map((c) => ({
      id: c.id,
      tagName: c.tagName,
      op: c.op,
      status: c.status,
      error: c.error,
      errcode: c.errcode,
      at: c.at.toISOString(),
    })),
  };
}

export function presentRelationLookup(relationId: string): RelationLookupResponse {
  return { relationId };
}
