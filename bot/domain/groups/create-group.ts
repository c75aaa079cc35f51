import type { DomainDeps } from '../deps';
import { type Actor, actorName, assertHq } from '../access/actor';
import { badRequest } from '../../errors';
import { checkRuleReferences } from './check-rule-references';
import { type LoadedGroup, findGroupById, toStoredRule } from './find-group';
import { type GroupRule, parseGroupRule } from './group-rule';

export interface NewGroup {
  name: string;
  description?: string | null;
  kind: 'RULE' | 'LIST';
  /** Required for RULE groups, refused for LIST groups; validated by parseGroupRule. */
  rule?: unknown;
}

/** Defines a member group (会员分组). Groups are corp-wide audiences, so only HQ defines them. */
export async function createGroup(
  { db }: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: NewGroup,
): Promise<LoadedGroup> {
  assertHq(actor, 'define member groups');
  let rule: GroupRule | null = null;
  if (input.kind === 'RULE') {
    if (input.rule === undefined) throw badRequest('invalid_rule', 'rule: a RULE group needs a rule');
    rule = parseGroupRule(input.rule);
    await checkRuleReferences({ db }, rule);
  } else if (input.rule !== undefined) {
    throw badRequest('invalid_rule', 'rule: a LIST group has members, not a rule');
  }
  const group = await db.customerGroup.create({
    data: {
      name: input.name,
      description: input.description ?? null,
      kind: input.kind,
      rule: rule ? toStoredRule(rule) : undefined,
      createdBy: actorName(actor),
    },
  });
  return findGroupById({ db }, group.id);
}
