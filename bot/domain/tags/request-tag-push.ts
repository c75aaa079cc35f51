import type { Enqueue } from '../jobs/job-definitions';

/**
 * Asks for a relation's pending tag changes to be pushed. `key` makes the job id unique per edit (the first change
 * id) or per reconciler minute, so an edit made while a push runs gets its own push after it, never dropped as a
 * duplicate of the running one.
 */
export function requestTagPush(enqueue: Enqueue, relationId: string, key: string): Promise<void> {
  return enqueue('push-tag-changes', { relationId }, { key });
}
