import type { DomainDeps } from '../deps';
import { createFollowUp } from './create-follow-up';

const DAY_MS = 24 * 60 * 60 * 1000;

/** DESIGN.md §2: greet within 1 day of the add; interact within 7 days. */
export const INTERACTION_WITHIN_MS = 7 * DAY_MS;

export interface AddedPair {
  guideId: string;
  customerId: string;
  /** CreateTime of the add event: the follow-ups are keyed by it, so a re-add later gets new ones. */
  addedAt: Date;
}

/** The greeting a guide owes when no welcome message could be sent: due at once (in working hours). */
export function createGreetingFollowUp(deps: DomainDeps, pair: AddedPair, reason: string) {
  return createFollowUp(deps, {
    kind: 'GREETING',
    guideId: pair.guideId,
    customerId: pair.customerId,
    dueAt: pair.addedAt,
    title: '新客户打招呼',
    note: reason,
    dedupeKey: `greeting:${pair.guideId}:${pair.customerId}:${pair.addedAt.getTime()}`,
  });
}

/** The 7-day interaction follow-up every new customer gets. */
export function createInteractionFollowUp(deps: DomainDeps, pair: AddedPair) {
  return createFollowUp(deps, {
    kind: 'INTERACTION',
    guideId: pair.guideId,
    customerId: pair.customerId,
    dueAt: new Date(pair.addedAt.getTime() + INTERACTION_WITHIN_MS),
    title: '7天内与顾客互动',
    dedupeKey: `interaction:${pair.guideId}:${pair.customerId}:${pair.addedAt.getTime()}`,
  });
}
