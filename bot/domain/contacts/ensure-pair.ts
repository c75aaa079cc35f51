import type { SyncDeps } from '../deps';
import { ensureGuide } from './ensure-guide';

export interface AddedPairInput {
  userid: string;
  externalUserid: string;
  occurredAt: Date;
  state?: string | null;
}

/**
 * The guide, customer and relation an add event proves, created from the event alone when we have not seen them:
 * an add is recorded even when WeCom will not show the profile (84061 for a one-way add, 40096 outside the app's
 * visibility). The profile is filled in by a later sync. Idempotent and safe under concurrency.
 */
export async function ensurePair(
  deps: SyncDeps,
  add: AddedPairInput,
): Promise<{ guideId: string; customerId: string }> {
  const { db } = deps;
  const guide = await ensureGuide(deps, add.userid);
  await db.customer.createMany({
    data: [{ externalUserid: add.externalUserid, name: '' }],
    skipDuplicates: true,
  });
  const customer = await db.customer.findUniqueOrThrow({
    where: { externalUserid: add.externalUserid },
    select: { id: true },
  });
  await db.guideCustomer.createMany({
    data: [
      {
        guideId: guide.id,
        customerId: customer.id,
        state: add.state ?? null,
        addedAt: add.occurredAt,
        lastEventAt: add.occurredAt,
      },
    ],
    skipDuplicates: true,
  });
  return { guideId: guide.id, customerId: customer.id };
}
