import type { DomainDeps } from '../deps';
import { createMassTask } from '../mass-messages/create-mass-task';
import { getCorpSettings } from '../settings/corp-settings';
import { createFollowUp } from './create-follow-up';
import type { NewSystemFollowUp } from './create-follow-ups';

const DAY_MS = 24 * 60 * 60 * 1000;

/** DESIGN.md §2: greet within 1 day of the add; interact within 7 days. */
export const INTERACTION_WITHIN_MS = 7 * DAY_MS;

export interface AddedPair {
  guideId: string;
  customerId: string;
  /** CreateTime of the add event: the follow-ups are keyed by it, so a re-add later gets new ones. */
  addedAt: Date;
}

/** What the optional add_msg_template task proposes; the guide can edit it before confirming. */
const GREETING_TASK_TEXT = '您好！很高兴认识您，我是您的专属导购，有任何需要随时找我～';

/** The greeting a guide owes when no welcome message could be sent: due at once (in working hours). */
export function greetingFollowUpOf(pair: AddedPair, reason: string): NewSystemFollowUp {
  return {
    kind: 'GREETING',
    guideId: pair.guideId,
    customerId: pair.customerId,
    dueAt: pair.addedAt,
    validFrom: pair.addedAt,
    title: '新客户打招呼',
    note: reason,
    dedupeKey: `greeting:${pair.guideId}:${pair.customerId}:${pair.addedAt.getTime()}`,
  };
}

/** The 7-day interaction follow-up every new customer gets. */
export function interactionFollowUpOf(pair: AddedPair): NewSystemFollowUp {
  return {
    kind: 'INTERACTION',
    guideId: pair.guideId,
    customerId: pair.customerId,
    dueAt: new Date(pair.addedAt.getTime() + INTERACTION_WITHIN_MS),
    validFrom: pair.addedAt,
    title: '7天内与顾客互动',
    dedupeKey: `interaction:${pair.guideId}:${pair.customerId}:${pair.addedAt.getTime()}`,
  };
}

/**
 * The greeting a guide owes when no welcome message could be sent: due at once (in working hours). With the
 * corp setting on, WeCom also gets a one-customer mass-message task the guide only has to confirm.
 */
export async function createGreetingFollowUp(deps: DomainDeps, pair: AddedPair, reason: string) {
  const created = await createFollowUp(deps, greetingFollowUpOf(pair, reason));
  if (created.isNew && (await getCorpSettings(deps)).greetingCreatesMsgTask) {
    await createGreetingTask(deps, pair);
  }
  return created.followUp;
}

/**
 * A one-customer mass-message task in WeCom proposing the greeting (corp setting greeting_creates_msg_task),
 * recorded like any mass message so that its delivery counts as the greeting. A convenience for the guide: the
 * follow-up is what must not be lost, so a failure is only logged.
 */
export async function createGreetingTask(deps: DomainDeps, pair: AddedPair): Promise<void> {
  try {
    const [guide, customer] = await Promise.all([
      deps.db.guide.findUniqueOrThrow({ where: { id: pair.guideId } }),
      deps.db.customer.findUniqueOrThrow({ where: { id: pair.customerId } }),
    ]);
    await createMassTask(deps, {
      guideId: guide.id,
      guideUserid: guide.userid,
      externalUserids: [customer.externalUserid],
      content: { text: GREETING_TASK_TEXT },
    });
  } catch (error) {
    deps.logger.warn({ err: error, ...pair }, 'could not create the greeting task in WeCom');
  }
}

/** Creates the 7-day interaction follow-up of an add. */
export async function createInteractionFollowUp(deps: DomainDeps, pair: AddedPair) {
  const { followUp } = await createFollowUp(deps, interactionFollowUpOf(pair));
  return followUp;
}
