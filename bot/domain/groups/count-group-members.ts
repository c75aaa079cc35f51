import type { DomainDeps } from '../deps';
import type { Actor } from '../access/actor';
import { type LoadedGroup, findGroupById } from './find-group';
import { groupAudienceSql } from './group-audience-sql';
import { SqlParams } from '../../db';

export interface GroupCount {
  /** Guide–customer relations: how many one-to-one messages reaching the group takes. */
  relations: number;
  /** Distinct customers: a customer who follows two guides counts once. */
  customers: number;
}

/** How many members of a group the actor can see, counted in one query. */
export async function countGroupMembers(
  { db, pool }: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  groupId: string,
  now = new Date(),
): Promise<GroupCount> {
  const query = groupCountQuery(await findGroupById({ db }, groupId), actor, now);
  const { rows } = await pool.query<{ relations: string; customers: string }>(query.text, query.values);
  return { relations: Number(rows[0]?.relations ?? 0), customers: Number(rows[0]?.customers ?? 0) };
}

/** The count's statement (the benchmark EXPLAINs it). */
export function groupCountQuery(
  group: LoadedGroup,
  actor: Actor,
  now: Date,
): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const audience = groupAudienceSql(group, actor, params, now);
  return {
    text: `SELECT count(*) AS relations, count(DISTINCT gc.customer_id) AS customers
           FROM ${audience.from} WHERE ${audience.where}`,
    values: params.values,
  };
}
