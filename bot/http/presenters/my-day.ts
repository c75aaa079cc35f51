import type { MyDay } from '../../domain/my-day/get-my-day';
import type { MyDayResponse } from '../contract/my-day';
import { presentFollowUp } from './follow-up';

/** GET /my-day. */
export function presentMyDay(day: MyDay): MyDayResponse {
  return {
    date: day.date,
    followUps: day.followUps.map((f) => ({
      ...presentFollowUp(f),
      customer: f.customer,
      relationId: f.relationId,
      isOverdue: f.isOverdue,
    })),
    counts: day.counts,
    generatedAt: day.generatedAt.toISOString(),
  };
}
