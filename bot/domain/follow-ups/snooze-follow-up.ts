import { AppError, badRequest } from '../../errors';
import type { FollowUp } from '../../generated/prisma/client';
import { type Actor, actorName } from '../access/actor';
import { guideScopeWhere } from '../access/guide-scope';
import type { DomainDeps } from '../deps';
import { nextWorkingTime } from '../schedule/business-hours';
import { getCorpSettings } from '../settings/corp-settings';
import { scheduleFollowUp } from './create-follow-up';

const OPEN = ['PENDING', 'REMINDED'] as const;

export const followUpNotFound = (id: string) =>
  new AppError('follow_up_not_found', `no follow-up ${id}`, { status: 404 });

/**
 * Moves an open follow-up (PENDING or REMINDED) to a later time, as the guide asks from the sidebar: `until`
 * must be after now, and lands in working hours like every due time (a snooze to 23:00 is due at the next
 * opening). It becomes PENDING again, so it is reminded at the new time: the job fired for the old time finds it
 * not due and does nothing (find-follow-up-to-remind), and a job keyed by the new due time is queued here (the
 * reconciler fires it if Redis lost that job). A follow-up outside the actor's scope is a 404 like one that
 * does not exist; one closed meanwhile is a 409 and stays as it is.
 */
export async function snoozeFollowUp(
  deps: DomainDeps,
  actor: Actor,
  input: { followUpId: string; until: Date },
  now = new Date(),
): Promise<FollowUp> {
  const { db } = deps;
  const followUp = await db.followUp.findFirst({
    where: { id: input.followUpId, ...guideScopeWhere(actor) },
  });
  if (!followUp) throw followUpNotFound(input.followUpId);
  if (!(OPEN as readonly string[]).includes(followUp.status)) throw closed(followUp);
  if (input.until.getTime() <= now.getTime()) {
    throw badRequest('snooze_not_later', 'until must be later than now');
  }
  const dueAt = nextWorkingTime(input.until, await getCorpSettings({ db }));
  // Conditional, so a done mark or a deletion that closed it meanwhile stands.
  const { count } = await db.followUp.updateMany({
    where: { id: followUp.id, status: { in: [...OPEN] } },
    data: {
      dueAt,
      status: 'PENDING',
      statusReason: `snoozed by ${actorName(actor)} until ${dueAt.toISOString()}`,
    },
  });
  const updated = await db.followUp.findUniqueOrThrow({ where: { id: followUp.id } });
  if (count === 0) throw closed(updated);
  await scheduleFollowUp(deps, updated);
  return updated;
}

const closed = (f: FollowUp) =>
  new AppError('follow_up_closed', `the follow-up is ${f.status}, it cannot be snoozed`, { status: 409 });
