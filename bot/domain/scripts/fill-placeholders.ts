import { SqlParams } from '../../db';
import { notFound } from '../../errors';
import { type Actor, relationScopeSql } from '../access/actor';
import type { DomainDeps } from '../deps';

/** What the placeholders stand for: `{客户}` the customer's remark, else their name; `{导购}` the guide's name. */
export interface PlaceholderValues {
  customer: string;
  guide: string;
}

/**
 * Fills `{客户}` and `{导购}` (SCRIPT_PLACEHOLDERS in the contract). A function replacement, so a name holding
 * `$&` or `$1` is inserted as written, not read as a replacement pattern.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replaceAll('{客户}', () => values.customer).replaceAll('{导购}', () => values.guide);
}

/** The name a guide calls the customer by: their own remark when they set one, else the WeCom name. */
export function customerCallName(remark: string | null, name: string): string {
  return remark?.trim() ? remark.trim() : name;
}

/**
 * The placeholder values for one relation the actor may see; a relation outside their scope is a 404 like one
 * that does not exist.
 */
export async function findPlaceholderValues(
  { pool }: Pick<DomainDeps, 'pool'>,
  actor: Actor,
  relationId: string,
): Promise<PlaceholderValues> {
  const params = new SqlParams();
  const id = params.add(relationId, 'uuid');
  const { rows } = await pool.query<{ remark: string | null; customer_name: string; guide_name: string }>(
    `SELECT gc.remark, c.name AS customer_name, g.name AS guide_name
     FROM guide_customer gc JOIN customer c ON c.id = gc.customer_id JOIN guide g ON g.id = gc.guide_id
     WHERE gc.id = ${id} AND ${relationScopeSql(actor, params)}`,
    params.values,
  );
  const row = rows[0];
  if (!row) throw notFound('relation_not_found', `no customer relation ${relationId}`);
  return { customer: customerCallName(row.remark, row.customer_name), guide: row.guide_name };
}
