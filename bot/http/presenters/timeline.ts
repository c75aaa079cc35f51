import type { TimelinePage } from '../../domain/timeline/list-relation-timeline';
import type { TimelineResponse } from '../contract/timeline';

/** GET /relations/:id/timeline. */
export function presentTimeline(page: TimelinePage): TimelineResponse {
  return {
    items: page.items.map((item) => ({ ...item, at: item.at.toISOString() })),
    nextCursor: page.nextCursor,
  };
}
