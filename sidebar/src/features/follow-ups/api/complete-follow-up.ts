import type { FollowUpDoneInput, FollowUpResponse } from '@contract/follow-ups';
import { api } from '@/lib/api-client';

/** POST /api/v1/follow-ups/:id/done: the guide did it. */
export function completeFollowUp(followUpId: string): Promise<FollowUpResponse> {
  const input: FollowUpDoneInput = {};
  return api.post<FollowUpResponse>(`/follow-ups/${encodeURIComponent(followUpId)}/done`, input);
}
