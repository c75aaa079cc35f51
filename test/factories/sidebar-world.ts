import { randomBytes } from 'node:crypto';
import type { Actor } from '../../bot/domain/access/actor';
import type { Db } from '../../bot/db';
import type { FollowUpKind, FollowUpStatus, Guide } from '../../bot/generated/prisma/client';
import { type TestContext, waitFor } from '../helpers/harness';
import type { WecomSimulator } from '../wecom-sim/server';
import { createGuide, createStore } from './group-world';
import { signIn } from '../helpers/sign-in';

const unique = () => randomBytes(4).toString('hex');

/**
 * Who is who in the sidebar's access rules: a guide with a customer (`relation`), a second guide of the same
 * store, a guide of another store, a manager of each store, and HQ. Every row is this world's own.
 */
export interface SidebarWorld {
  storeId: string;
  otherStoreId: string;
  guide: Guide;
  peer: Guide;
  outsider: Guide;
  customer: { id: string; externalUserid: string; name: string };
  relation: { id: string };
  actors: Record<'guide' | 'peer' | 'manager' | 'otherManager' | 'hq', Actor>;
}

/** The guide as a member of the simulated corp (so the customer can add them, and they can sign in). */
export function addSimMember(sim: WecomSimulator, guide: Guide, deptId: number): void {
  sim.state.members.set(guide.userid, {
    userid: guide.userid,
    name: guide.name,
    department: [deptId],
    mainDepartment: deptId,
    position: '导购',
    hasCustomerContact: true,
  });
}

/** A member who is not a guide (a store manager, HQ) in the simulated corp, so they can sign in. */
export function addSimStaff(sim: WecomSimulator, userid: string, name: string): void {
  sim.state.members.set(userid, {
    userid,
    name,
    department: [1],
    mainDepartment: 1,
    position: '',
    hasCustomerContact: false,
  });
}

/**
 * The world, with the customer added to `guide` through the simulator (no welcome code: the bot creates a
 * greeting and a 7-day interaction follow-up) and processed by the bot, so WeCom and our rows agree.
 */
export async function createSidebarWorld(
  ctx: TestContext,
  customerName = `顾客${unique()}`,
): Promise<SidebarWorld> {
  const { db } = ctx.services;
  const [store, otherStore] = [await createStore(db), await createStore(db)];
  const [guide, peer, outsider] = [
    await createGuide(db, store.id, `导购甲${unique()}`),
    await createGuide(db, store.id, `导购乙${unique()}`),
    await createGuide(db, otherStore.id, `导购丙${unique()}`),
  ];
  addSimMember(ctx.sim, guide, store.wecomDeptId);
  addSimMember(ctx.sim, peer, store.wecomDeptId);
  addSimMember(ctx.sim, outsider, otherStore.wecomDeptId);
  const { externalUserid } = await ctx.sim.addCustomer({
    userid: guide.userid,
    name: customerName,
    withWelcomeCode: false,
  });
  const relation = await waitFor(async () => {
    const found = await db.guideCustomer.findFirst({
      where: { guideId: guide.id, customer: { externalUserid } },
      include: { customer: true },
    });
    const followUps = found
      ? await db.followUp.count({ where: { guideId: guide.id, customerId: found.customerId } })
      : 0;
    return found && followUps === 2 ? found : undefined;
  });
  return {
    storeId: store.id,
    otherStoreId: otherStore.id,
    guide,
    peer,
    outsider,
    customer: { id: relation.customerId, externalUserid, name: relation.customer.name },
    relation: { id: relation.id },
    actors: {
      guide: { kind: 'guide', userid: guide.userid, guideId: guide.id },
      peer: { kind: 'guide', userid: peer.userid, guideId: peer.id },
      manager: { kind: 'store_manager', userid: `mgr_${unique()}`, storeId: store.id },
      otherManager: { kind: 'store_manager', userid: `mgr_${unique()}`, storeId: otherStore.id },
      hq: { kind: 'hq', label: 'hq' },
    },
  };
}

/** Actors who may see the world's customer, and those who may not (each must get a 404). */
export const ALLOWED = ['guide', 'manager', 'hq'] as const;
export const REFUSED = ['peer', 'otherManager'] as const;

export function createFollowUpRow(
  db: Db,
  pair: { guideId: string; customerId: string },
  facts: { kind?: FollowUpKind; dueAt: Date; status?: FollowUpStatus; title?: string; closedAt?: Date },
) {
  return db.followUp.create({
    data: {
      ...pair,
      kind: facts.kind ?? 'CUSTOM',
      dueAt: facts.dueAt,
      status: facts.status ?? 'PENDING',
      title: facts.title ?? null,
      closedAt: facts.closedAt ?? null,
    },
  });
}

export function createOrderRow(
  db: Db,
  pair: { guideId: string; customerId: string },
  facts: {
    amountCents: number;
    purchasedAt: Date;
    items?: { name: string; quantity: number; priceCents: number }[];
  },
) {
  return db.order.create({
    data: {
      ...pair,
      orderNo: `PO-${unique()}`,
      source: 'pos',
      amountCents: facts.amountCents,
      purchasedAt: facts.purchasedAt,
      items: facts.items ?? [],
    },
  });
}

/**
 * The world's store manager (`manager`: of the guide's store; `otherManager`: of the other store) as WeCom knows
 * them: a member, made the store's leader, signed in. Returns their session cookie.
 */
export async function signInStoreManager(
  ctx: TestContext,
  world: SidebarWorld,
  who: 'manager' | 'otherManager',
  name = who === 'manager' ? '店长甲' : '店长丙',
): Promise<string> {
  const actor = world.actors[who];
  if (actor.kind !== 'store_manager') throw new Error(`${who} is not a store manager`);
  addSimStaff(ctx.sim, actor.userid, name);
  await ctx.services.db.store.update({
    where: { id: actor.storeId },
    data: { leaderUserids: [actor.userid] },
  });
  return signIn(ctx.app, ctx.sim, actor.userid);
}
