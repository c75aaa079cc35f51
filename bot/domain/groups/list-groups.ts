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

/**
 * The groups a relation can be matched against, for a guide's view of one customer: a RULE group whose stored
 * rule no longer parses (written before a rule check tightened, or by hand) is left out and logged, since it is
 * the manager's to mend on the groups page, and must not turn every customer view into a 400.
 */
export async function listMatchableGroups({
  db,
  logger,
}: Pick<DomainDeps, 'db' | 'logger'>): Promise<LoadedGroup[]> {
  const groups = await db.customerGroup.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return groups.flatMap((g): LoadedGroup[] => {
    if (g.kind !== 'RULE') return [{ ...g, rule: null }];
    try {
      return [{ ...g, rule: parseGroupRule(g.rule) }];
    } catch (error) {
      logger.warn({ err: error, groupId: g.id }, 'member group rule does not parse: left out of matching');
      return [];
    }
  });
}
