import type { MomentShareInput, MomentShareResponse, MomentSuggestionResponse } from '@contract/moment-share';
import { api } from '@/lib/api-client';

/** GET /api/v1/moments/suggestion: today's Moments suggestion for the signed-in guide. */
export function getMomentSuggestion(signal?: AbortSignal): Promise<MomentSuggestionResponse> {
  return api.get<MomentSuggestionResponse>('/moments/suggestion', undefined, signal);
}

/** POST /api/v1/moments/shares: the guide shared (or copied) an item; WeCom's record confirms it later. */
export function recordMomentShare(input: MomentShareInput): Promise<MomentShareResponse> {
  return api.post<MomentShareResponse>('/moments/shares', input);
}
