import { randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../../bot/db';
import type { LifecycleStage, RelationStatus } from '../../bot/generated/prisma/client';

const unique = () => randomBytes(5).toString('hex');

/** A store of its own (WeCom department ids are random, far above the demo corp's). */
export function createStore(db: Db, name = `门店${unique()}`) {
  return db.store.create({ data: { name, wecomDeptId: randomInt(1_000_000, 2_000_000_000) } });
}

export function createGuide(db: Db, storeId: string | null, name = `导购${unique()}`) {
  return db.guide.create({ data: { userid: `g_${unique()}`, name, storeId } });
}

/** A corp tag in a tag group of its own. */
export async function createTag(db: Db, name = `标签${unique()}`) {
  const group = await db.tagGroup.create({
    data: { wecomGroupId: `etg_${unique()}`, name: `组${unique()}` },
  });
  return db.tag.create({ data: { wecomTagId: `et_${unique()}`, groupId: group.id, name } });
}

export interface CustomerFacts {
  name?: string;
  lifecycleStage?: LifecycleStage | null;
  spendCents?: number;
  orderCount?: number;
}

export function createCustomer(db: Db, facts: CustomerFacts = {}) {
  return db.customer.create({
    data: {
      externalUserid: `wm_${unique()}`,
      name: facts.name ?? `顾客${unique()}`,
      lifecycleStage: facts.lifecycleStage ?? null,
      spendCents: BigInt(facts.spendCents ?? 0),
      orderCount: facts.orderCount ?? 0,
    },
  });
}

/** A guide–customer relation carrying the given tags. */
export async function createRelation(
  db: Db,
  guideId: string,
  customerId: string,
  tagIds: string[] = [],
  status: RelationStatus = 'ACTIVE',
) {
  const relation = await db.guideCustomer.create({ data: { guideId, customerId, status } });
  await db.relationTag.createMany({ data: tagIds.map((tagId) => ({ relationId: relation.id, tagId })) });
  return relation;
}
