import type { DomainDeps } from '../deps';
import { parseGroupRule } from './group-rule';
import type { LoadedGroup } from './find-group';

/**
 * Every group, newest first. Definitions are corp-wide and readable by all staff (who sees which members is
 * decided by the membership queries), and few (dozens), so there is no paging. Counts are asked per group,
 * since each is a query over the whole customer base.
 */
export async function listGroups({ db }: Pick<DomainDeps, 'db'>): Promise<LoadedGroup[]> {
  const groups = await db.customerGroup.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return groups.map((g) => ({ ...g, rule: g.kind === 'RULE' ? parseGroupRule(g.rule) : null }));
}
