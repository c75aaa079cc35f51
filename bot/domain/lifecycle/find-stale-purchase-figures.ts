import type { DomainDeps } from '../deps';

/**
 * Customers whose stored figures miss an order (the job queued with the order was lost): the daily sweep refreshes
 * them, so a flushed Redis costs a day's delay at most, never the tags.
 */
export async function findStalePurchaseFigures(
  { pool }: Pick<DomainDeps, 'pool'>,
  limit = 10_000,
): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT c.id FROM customer c
     JOIN (SELECT customer_id, count(*)::int AS n FROM "order" GROUP BY 1) o ON o.customer_id = c.id
     WHERE c.order_count <> o.n LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}
