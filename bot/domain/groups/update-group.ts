import type { DomainDeps } from '../deps';
import { type Actor, assertHq } from '../access/actor';
import { badRequest } from '../../errors';
import { checkRuleReferences } from './check-rule-references';
import { type LoadedGroup, findGroupById, toStoredRule } from './find-group';
import { parseGroupRule } from './group-rule';

export interface GroupChanges {
  name?: string;
  description?: string | null;
  /** A new rule (RULE groups only). A group's kind never changes: make a new group instead. */
  rule?: unknown;
}

/** Renames a group, or replaces its rule. HQ only, like creating one. */
export async function updateGroup(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  groupId: string,
  changes: GroupChanges,
): Promise<LoadedGroup> {
  assertHq(actor, 'change member groups');
  const group = await findGroupById({ db }, groupId);
  let rule;
  if (changes.rule !== undefined) {
    if (group.kind !== 'RULE') throw badRequest('invalid_rule', 'rule: a LIST group has members, not a rule');
    rule = parseGroupRule(changes.rule);
    await checkRuleReferences({ db }, rule);
  }
  await db.customerGroup.update({
    where: { id: group.id },
    data: { name: changes.name, description: changes.description, rule: rule && toStoredRule(rule) },
  });
  return findGroupById({ db }, group.id);
}
