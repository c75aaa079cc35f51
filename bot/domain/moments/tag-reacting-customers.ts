import type { DomainDeps } from '../deps';
import { changeRelationTags } from '../tags/change-relation-tags';
import { requestTagPush } from '../tags/request-tag-push';

/**
 * The corp's reaction tag (corp_settings.moments_reaction_tag_id) on each customer who liked or commented on their
 * guide's post: added to that relation like any tag edit (stored at once, pushed to WeCom with mark_tag by a job;
 * the reconciler pushes it if the job cannot be queued). A tag gone since it was chosen tags nobody.
 */
export async function tagReactingCustomers(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'enqueue' | 'logger'>,
  wecomTagId: string,
  pairs: { guideUserid: string; externalUserid: string }[],
): Promise<number> {
  if (pairs.length === 0) return 0;
  const tag = await deps.db.tag.findFirst({ where: { wecomTagId, deletedAt: null, strategyId: null } });
  if (!tag) {
    deps.logger.warn({ wecomTagId }, 'the Moments reaction tag is gone; nobody tagged');
    return 0;
  }
  let tagged = 0;
  for (const key of new Set(pairs.map((p) => JSON.stringify([p.guideUserid, p.externalUserid])))) {
    const [guideUserid, externalUserid] = JSON.parse(key) as [string, string];
    const relation = await deps.db.guideCustomer.findFirst({
      where: { guide: { userid: guideUserid }, customer: { externalUserid }, status: 'ACTIVE' },
      select: { id: true },
    });
    if (!relation) continue;
    const { changeIds } = await changeRelationTags(deps.pool, { kind: 'hq', label: 'moments' }, relation.id, {
      add: [tag.id],
      remove: [],
      source: 'moment-reaction',
    });
    const first = changeIds[0];
    if (!first) continue; // carried it already
    tagged += 1;
    await requestTagPush(deps.enqueue, relation.id, first).catch((error: unknown) =>
      deps.logger.warn(
        { err: error, relationId: relation.id },
        'tag push not queued; the reconciler will push it',
      ),
    );
  }
  return tagged;
}
