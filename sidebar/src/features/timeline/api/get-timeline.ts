import type { TimelineQuery, TimelineResponse } from '@contract/timeline';
import { api } from '@/lib/api-client';

// The contract's `limit` is coerced from the query string (typed unknown on input); we send a number.
type PageQuery = Omit<TimelineQuery, 'limit'> & { limit?: number };

/** GET /api/v1/relations/:id/timeline: one page of the relation's history, newest first. */
export function getTimeline(relationId: string, query: PageQuery): Promise<TimelineResponse> {
  return api.get<TimelineResponse>(`/relations/${encodeURIComponent(relationId)}/timeline`, { ...query });
}
