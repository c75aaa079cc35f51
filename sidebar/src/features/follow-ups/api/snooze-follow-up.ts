import type { SnoozeInput } from '@contract/customer-view';
import type { FollowUpResponse } from '@contract/follow-ups';
import { api } from '@/lib/api-client';

/** POST /api/v1/follow-ups/:id/snooze { until }: due again at `until` (ISO 8601 with offset). */
export function snoozeFollowUp(followUpId: string, until: Date): Promise<FollowUpResponse> {
  const input: SnoozeInput = { until: until.toISOString() };
  return api.post<FollowUpResponse>(`/follow-ups/${encodeURIComponent(followUpId)}/snooze`, input);
}
