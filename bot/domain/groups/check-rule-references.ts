import type { DomainDeps } from '../deps';
import { badRequest } from '../../errors';
import { type GroupRule, collectRuleValues } from './group-rule';

/**
 * Refuses a rule that names a tag, store or guide we do not know: such a condition would silently match no one,
 * which a person writing the rule would take for an empty audience rather than a typo.
 */
export async function checkRuleReferences({ db }: Pick<DomainDeps, 'db'>, rule: GroupRule): Promise<void> {
  const tagIds = collectRuleValues(rule, 'tag');
  const storeIds = collectRuleValues(rule, 'stores');
  const userids = collectRuleValues(rule, 'guides');
  const [tags, stores, guides] = await Promise.all([
    db.tag.findMany({ where: { id: { in: tagIds }, deletedAt: null }, select: { id: true } }),
    db.store.findMany({ where: { id: { in: storeIds } }, select: { id: true } }),
    db.guide.findMany({ where: { userid: { in: userids } }, select: { userid: true } }),
  ]);
  const missing = (wanted: string[], found: string[]) => wanted.filter((w) => !found.includes(w));
  const unknown = [
    ...missing(
      tagIds,
      tags.map((t) => t.id),
    ).map((id) => `tag ${id}`),
    ...missing(
      storeIds,
      stores.map((s) => s.id),
    ).map((id) => `store ${id}`),
    ...missing(
      userids,
      guides.map((g) => g.userid),
    ).map((id) => `guide ${id}`),
  ];
  if (unknown.length > 0) throw badRequest('invalid_rule', `rule: unknown ${unknown.join(', ')}`);
}
