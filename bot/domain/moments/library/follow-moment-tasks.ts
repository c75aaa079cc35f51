import type { DomainDeps } from '../../deps';
import { readTaskProgress } from './publish-moment-task';

/** Guides are reminded to publish for days; after a week a task still unpublished is not going to be. */
export const FOLLOW_TASKS_DAYS = 7;
/** Tasks read a run: each is a get_moment_task and up to 200 reach reads, so a run stays a few hundred calls. */
const TASKS_PER_RUN = 20;

/**
 * Follows HQ's enterprise Moments without anyone asking (WeCom sends no callback when a guide publishes): the
 * week's tasks WeCom may still have news of (its job's result, a sender yet to publish, a reach uncounted), least
 * recently read first, a batch a run. Chosen in SQL, so finished tasks never crowd out the ones still moving.
 */
export async function followMomentTasks(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'wecom' | 'logger'>,
  now = new Date(),
): Promise<{ read: number; failed: number }> {
  const since = new Date(now.getTime() - FOLLOW_TASKS_DAYS * 86_400_000);
  const { rows } = await deps.pool.query<{ id: string }>(
    `SELECT id FROM moment_task
     WHERE created_at >= $1 AND status <> 'failed'
       AND (status = 'creating' OR results IS NULL
         OR jsonb_array_length(coalesce(results->'senders', '[]'::jsonb)) = 0
         OR jsonb_path_exists(results, '$.senders[*] ? (@.published == false || @.reached == null)'))
     ORDER BY results_at ASC NULLS FIRST, created_at ASC LIMIT $2`,
    [since, TASKS_PER_RUN],
  );
  const tasks = await deps.db.momentTask.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
  let read = 0;
  let failed = 0;
  for (const task of tasks) {
    try {
      await readTaskProgress(deps, task);
      read += 1;
    } catch (error) {
      // One task WeCom will not answer for (a moment it lost, a passing error) must not hold up the others.
      failed += 1;
      deps.logger.warn(
        { err: error, taskId: task.id },
        'enterprise Moments task not read; next run tries again',
      );
    }
  }
  return { read, failed };
}
