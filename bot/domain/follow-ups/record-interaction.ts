import type { InteractionSource } from '../../generated/prisma/client';
import { Prisma } from '../../generated/prisma/client';
import { AppError, isRetryable } from '../../errors';
import type { DomainDeps } from '../deps';
import { closeFollowUpsMetBy } from './close-follow-ups';

export interface NewInteraction {
  guideUserid: string;
  externalUserid: string;
  source: InteractionSource;
  occurredAt: Date;
  /** The source's id for this interaction; a repeated report with the same id is recorded once. */
  externalId?: string;
}

export interface RecordedInteraction {
  isNew: boolean;
  closedFollowUps: number;
}

/**
 * Records that a guide and a customer interacted, keeps the relation's last-interaction time, and closes the
 * follow-ups whose purpose that meets, so the guide is not reminded of what is already done.
 */
export async function recordInteraction(
  { db }: Pick<DomainDeps, 'db'>,
  input: NewInteraction,
): Promise<RecordedInteraction> {
  const relation = await db.guideCustomer.findFirst({
    where: { guide: { userid: input.guideUserid }, customer: { externalUserid: input.externalUserid } },
    select: { id: true, guideId: true, customerId: true, lastInteractionAt: true },
  });
  if (!relation) {
    throw new AppError(
      'relation_not_found',
      `guide ${input.guideUserid} has no customer ${input.externalUserid}`,
      { status: 404 },
    );
  }
  const pair = { guideId: relation.guideId, customerId: relation.customerId };
  try {
    await db.interaction.create({
      data: {
        ...pair,
        source: input.source,
        occurredAt: input.occurredAt,
        externalId: input.externalId ?? null,
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      // Recorded before; closing again is harmless and finishes a first attempt that died after the insert.
      const closedFollowUps = await closeFollowUpsMetBy(db, pair, input.occurredAt, input.source);
      return { isNew: false, closedFollowUps };
    }
    throw error;
  }
  if (!relation.lastInteractionAt || relation.lastInteractionAt < input.occurredAt) {
    await db.guideCustomer.update({
      where: { id: relation.id },
      data: { lastInteractionAt: input.occurredAt },
    });
  }
  const closedFollowUps = await closeFollowUpsMetBy(db, pair, input.occurredAt, input.source);
  return { isNew: true, closedFollowUps };
}

export type InteractionResult =
  { status: 'recorded' | 'duplicate'; closedFollowUps: number } | { status: 'rejected'; reason: string };

/**
 * A batch from an import (e.g. a conversation-archive reader), row by row: one unknown pair is reported on its
 * row and does not sink the others. A failure worth retrying (the database is down) fails the whole call, and
 * a retried batch repeats nothing that carries an externalId.
 */
export async function recordInteractions(
  deps: Pick<DomainDeps, 'db'>,
  interactions: NewInteraction[],
): Promise<InteractionResult[]> {
  const results: InteractionResult[] = [];
  for (const interaction of interactions) {
    try {
      const r = await recordInteraction(deps, interaction);
      results.push({ status: r.isNew ? 'recorded' : 'duplicate', closedFollowUps: r.closedFollowUps });
    } catch (error) {
      if (isRetryable(error)) throw error;
      results.push({ status: 'rejected', reason: (error as Error).message });
    }
  }
  return results;
}
