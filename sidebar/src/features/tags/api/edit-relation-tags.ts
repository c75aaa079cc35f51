import type { RelationTagEditInput, RelationTagsResponse } from '@contract/tags';
import { api } from '@/lib/api-client';

/** POST /api/v1/relations/:id/tags: saved at once, pushed to WeCom by a job; answers the relation's tags. */
export function editRelationTags(
  relationId: string,
  input: RelationTagEditInput,
): Promise<RelationTagsResponse> {
  return api.post<RelationTagsResponse>(`/relations/${encodeURIComponent(relationId)}/tags`, input);
}
