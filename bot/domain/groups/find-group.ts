import type { DomainDeps } from '../deps';
import { notFound } from '../../errors';
import type { CustomerGroup, Prisma } from '../../generated/prisma/client';
import { type GroupRule, parseGroupRule } from './group-rule';

/** A group with its rule parsed (RULE groups) — what the membership queries compile. */
export type LoadedGroup = Omit<CustomerGroup, 'rule'> & { rule: GroupRule | null };

/**
 * A group by id, or a 404. Groups are corp-wide definitions every staff member may read; who sees which
 * members is decided by the membership queries.
 */
export async function findGroupById({ db }: Pick<DomainDeps, 'db'>, groupId: string): Promise<LoadedGroup> {
  const group = isUuid(groupId) ? await db.customerGroup.findUnique({ where: { id: groupId } }) : null;
  if (!group) throw notFound('group_not_found', `no group ${groupId}`);
  // Stored rules were validated on the way in; parsing again gives them their type back.
  return { ...group, rule: group.kind === 'RULE' ? parseGroupRule(group.rule) : null };
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/**
 * A parsed rule as Prisma stores it. The tree is plain JSON (objects, arrays, strings, numbers), but its
 * interfaces lack the index signatures Prisma's JSON type asks for, hence the round trip.
 */
export function toStoredRule(rule: GroupRule): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(rule)) as Prisma.InputJsonValue;
}
