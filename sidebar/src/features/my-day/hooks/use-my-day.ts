import type { MyDayResponse } from '@contract/my-day';
import { useQuery } from '@/lib/use-query';
import { getMyDay } from '@/features/my-day/api/get-my-day';

/** The guide's day: today's follow-ups across their customers. */
export function useMyDay() {
  return useQuery<MyDayResponse>('my-day', getMyDay);
}
