import type { MomentSuggestionResponse } from '@contract/moment-share';
import { useQuery } from '@/lib/use-query';
import { getMomentSuggestion } from '@/features/moments/api/moments-api';

/** Today's Moments suggestion under the plan (朋友圈4+2+2). */
export function useMomentSuggestion() {
  return useQuery<MomentSuggestionResponse>('moment-suggestion', getMomentSuggestion);
}
