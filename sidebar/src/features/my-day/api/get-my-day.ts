import type { MyDayResponse } from '@contract/my-day';
import { api } from '@/lib/api-client';

/** GET /api/v1/my-day: the guide's follow-ups due by the end of today, overdue first. */
export function getMyDay(signal?: AbortSignal): Promise<MyDayResponse> {
  return api.get<MyDayResponse>('/my-day', undefined, signal);
}
