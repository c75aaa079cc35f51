import type { DomainDeps } from '../deps';
import type { Actor } from '../access/actor';
import { changeRelationTags, type TagEdit } from './change-relation-tags';
import { getRelationTags, type RelationTagView } from './get-relation-tags';
import { requestTagPush } from './request-tag-push';

/**
 * A tag edit from the sidebar or the desk: stored at once, pushed to WeCom by a job. If the job cannot be queued
 * (Redis down) the edit still stands and the reconciler pushes it within a minute or two.
 */
export async function editRelationTags(
  deps: Pick<DomainDeps, 'pool' | 'enqueue' | 'logger'>,
  actor: Actor,
  relationId: string,
  edit: TagEdit,
): Promise<RelationTagView> {
  const result = await changeRelationTags(deps.pool, actor, relationId, edit);
  const first = result.changeIds[0];
  if (first) {
    await requestTagPush(deps.enqueue, relationId, first).catch((error: unknown) =>
      deps.logger.warn({ err: error, relationId }, 'tag push not queued; the reconciler will push it'),
    );
  }
  return getRelationTags(deps, actor, relationId);
}
