import type { DomainDeps } from '../deps';

/** Our tables a bulk job may fill. ANALYZE takes identifiers, not parameters: only these names reach the SQL. */
const ANALYZABLE = [
  'store',
  'guide',
  'customer',
  'guide_customer',
  'relation_tag',
  'tag_change',
  'follow_up',
] as const;
export type AnalyzableTable = (typeof ANALYZABLE)[number];
const isAnalyzable = (name: string): name is AnalyzableTable =>
  (ANALYZABLE as readonly string[]).includes(name);

/**
 * Refreshes the planner's statistics of tables a bulk job just filled. PostgreSQL leaves that to autovacuum,
 * which may be off or behind (it is off on our machines): after a 50,000-relation import the planner still
 * expected 106 relations, and a group's member page took 693 ms instead of 7 ms (issue #9). ANALYZE reads a
 * sample (30,000 rows a table at the default statistics target), so it costs seconds even for millions of rows.
 * A failure is logged, not thrown: the job's data is in, only its plans may suffer.
 */
export async function analyzeTables(
  { pool, logger }: Pick<DomainDeps, 'pool' | 'logger'>,
  tables: AnalyzableTable[],
): Promise<void> {
  const names = [...new Set(tables)].filter(isAnalyzable);
  if (names.length === 0) return;
  try {
    await pool.query(`ANALYZE ${names.join(', ')}`);
  } catch (error) {
    logger.warn({ err: error, tables }, 'could not analyze the tables a bulk job filled');
  }
}
