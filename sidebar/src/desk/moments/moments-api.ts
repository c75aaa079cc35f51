import type {
  GuidePostsResponse,
  MomentCorrectionInput,
  MomentNudgeResponse,
  MomentPostView,
  MomentsTrendResponse,
  MomentsWeekResponse,
} from '@contract/moments';
import { api } from '@/lib/api-client';

/** The desk's filters: the week (its Monday; none = this week) and, for HQ, a store. */
export interface WeekFilter {
  week?: string;
  storeId?: string;
}

export const momentsApi = {
  week: (filter: WeekFilter & { page: number; pageSize: number }, signal: AbortSignal) =>
    api.get<MomentsWeekResponse>('/moments/weeks', { ...filter }, signal),
  /** The last 12 weeks up to the chosen one: the scope, one store, or one guide (`userid`). */
  trend: (filter: WeekFilter & { userid?: string }, signal: AbortSignal) =>
    api.get<MomentsTrendResponse>('/moments/trend', { ...filter, weeks: 12 }, signal),
  guidePosts: (userid: string, week: string | undefined, signal: AbortSignal) =>
    api.get<GuidePostsResponse>('/moments/posts', { userid, week }, signal),
  correct: (postId: string, input: MomentCorrectionInput) =>
    api.patch<MomentPostView>(`/moments/posts/${encodeURIComponent(postId)}/classification`, input),
  nudge: (userid: string, week: string | undefined) =>
    api.post<MomentNudgeResponse>('/moments/nudges', week ? { userid, week } : { userid }),
  /** The week table as CSV: a plain download link (the session cookie goes with it). */
  exportUrl: (filter: WeekFilter) => {
    const params = new URLSearchParams();
    if (filter.week) params.set('week', filter.week);
    if (filter.storeId) params.set('storeId', filter.storeId);
    const query = params.toString();
    return `/api/v1/moments/weeks/export.csv${query ? `?${query}` : ''}`;
  },
};
