import type { FollowUp, FollowUpKind } from '../../generated/prisma/client';
import { Prisma } from '../../generated/prisma/client';
import type { DomainDeps } from '../deps';
import { followUpDueJob } from '../jobs/definitions/follow-up-due';
import { nextWorkingTime } from '../schedule/business-hours';
import { getCorpSettings } from '../settings/corp-settings';
import { MET_BY_INTERACTION, closeFollowUpsMetBy } from './close-follow-ups';

export interface NewFollowUp {
  kind: FollowUpKind;
  guideId: string;
  customerId: string;
  /** When it would be due; moved to the next working time if that falls outside working hours. */
  dueAt: Date;
  /** Makes a system-created follow-up idempotent: the same key never creates a second one. */
  dedupeKey?: string;
  title?: string;
  note?: string;
  orderId?: string;
  createdBy?: string;
  /**
   * Interactions from this moment on meet the follow-up's purpose: the add for a greeting or interaction, the
   * purchase for a service reminder, what the creator says (default now) for a custom one. Without it, a
   * follow-up about an order starts at the purchase and any other at its creation.
   */
  validFrom?: Date;
}

/** The id of the job that fires a follow-up at its due time (as the job's definition makes it). */
export function followUpJobId(followUp: Pick<FollowUp, 'id' | 'dueAt'>): string {
  return followUpDueJob.jobId({ followUpId: followUp.id }, String(followUp.dueAt.getTime()));
}

/**
 * Creates a follow-up in PostgreSQL (the source of truth) and schedules its Bull job. If Redis is down the
 * follow-up still exists, and the reconciler fires it once it is due.
 */
export async function createFollowUp(
  deps: DomainDeps,
  input: NewFollowUp,
): Promise<{ followUp: FollowUp; isNew: boolean }> {
  const settings = await getCorpSettings(deps);
  const dueAt = nextWorkingTime(input.dueAt, settings);
  const validFrom = input.validFrom ?? (await purchaseTimeOf(deps, input.orderId)) ?? new Date();
  let followUp: FollowUp;
  try {
    followUp = await deps.db.followUp.create({ data: { ...input, dueAt, validFrom } });
  } catch (error) {
    const isDuplicate = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
    if (!isDuplicate || !input.dedupeKey) throw error;
    return {
      followUp: await deps.db.followUp.findUniqueOrThrow({ where: { dedupeKey: input.dedupeKey } }),
      isNew: false,
    };
  }
  const met = await closeIfAlreadyMet(deps, followUp);
  if (met) return { followUp: met, isNew: true };
  await scheduleFollowUp(deps, followUp);
  return { followUp, isNew: true };
}

/**
 * Events do not arrive in order: a group-chat join or an archived chat may be recorded before the add or the
 * order that creates this follow-up. An interaction already on record since `validFrom` has met it.
 */
async function closeIfAlreadyMet(deps: DomainDeps, followUp: FollowUp): Promise<FollowUp | null> {
  if (!MET_BY_INTERACTION.includes(followUp.kind)) return null;
  const pair = { guideId: followUp.guideId, customerId: followUp.customerId };
  const interaction = await deps.db.interaction.findFirst({
    where: {
      ...pair,
      occurredAt: { gte: followUp.validFrom },
      // Only what meets this kind (kindsMetBy): a Moments like is no greeting.
      ...(followUp.kind === 'INTERACTION' ? {} : { source: { not: 'MOMENT_REACTION' as const } }),
    },
    orderBy: { occurredAt: 'desc' },
  });
  if (!interaction) return null;
  await closeFollowUpsMetBy(deps.db, pair, interaction.occurredAt, interaction.source);
  return deps.db.followUp.findUniqueOrThrow({ where: { id: followUp.id } });
}

/** A service reminder is met only by contact after the purchase, not by a chat the week before it. */
async function purchaseTimeOf(deps: DomainDeps, orderId: string | undefined): Promise<Date | undefined> {
  if (!orderId) return undefined;
  const order = await deps.db.order.findUnique({ where: { id: orderId }, select: { purchasedAt: true } });
  return order?.purchasedAt;
}

export async function scheduleFollowUp(deps: DomainDeps, followUp: FollowUp): Promise<void> {
  const delay = Math.max(0, followUp.dueAt.getTime() - Date.now());
  await deps
    .enqueue('follow-up-due', { followUpId: followUp.id }, { key: String(followUp.dueAt.getTime()), delay })
    .catch((error: unknown) =>
      deps.logger.warn(
        { err: error, followUpId: followUp.id },
        'could not schedule follow-up; reconciler will',
      ),
    );
}
