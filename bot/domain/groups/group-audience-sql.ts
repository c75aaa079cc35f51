import { type Actor, relationScopeSql } from '../access/actor';
import { compileGroupRule } from './compile-group-rule';
import type { LoadedGroup } from './find-group';
import type { SqlParams } from '../../db';

/** FROM and WHERE of a group's members: rows of `guide_customer gc` joined to `customer c`. */
export interface AudienceSql {
  from: string;
  where: string;
}

/**
 * The members of a group that `actor` may see: ACTIVE relations that match the rule (RULE groups) or were
 * picked (LIST groups). Members are relations, not customers, so each guide reaches their own customers.
 * Callers add joins (guide, store) and their own conditions (cursor) around it.
 */
export function groupAudienceSql(
  group: Pick<LoadedGroup, 'id' | 'kind' | 'rule'>,
  actor: Actor,
  params: SqlParams,
  now: Date,
): AudienceSql {
  const scope = relationScopeSql(actor, params);
  if (group.kind === 'LIST') {
    return {
      from: `customer_group_member m
             JOIN guide_customer gc ON gc.id = m.relation_id
             JOIN customer c ON c.id = gc.customer_id`,
      where: `m.group_id = ${params.add(group.id, 'uuid')} AND gc.status = 'ACTIVE' AND (${scope})`,
    };
  }
  if (!group.rule) throw new Error(`rule group ${group.id} has no rule`);
  return {
    from: 'guide_customer gc JOIN customer c ON c.id = gc.customer_id',
    where: `gc.status = 'ACTIVE' AND (${scope}) AND ${compileGroupRule(group.rule, params, now)}`,
  };
}
