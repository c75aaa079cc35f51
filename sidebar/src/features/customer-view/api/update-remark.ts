import type { RemarkInput, RemarkResponse } from '@contract/customer-view';
import { api } from '@/lib/api-client';

/** PATCH /api/v1/relations/:id/remark: written to WeCom first, then stored. */
export function updateRemark(relationId: string, input: RemarkInput): Promise<RemarkResponse> {
  return api.patch<RemarkResponse>(`/relations/${encodeURIComponent(relationId)}/remark`, input);
}
