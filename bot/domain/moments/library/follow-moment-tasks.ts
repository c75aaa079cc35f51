import type { MomentTask } from '../../../generated/prisma/client';
import type { DomainDeps } from '../../deps';
import { type TaskSenderResult, readTaskProgress } from './publish-moment-task';

/** Guides are reminded to publish for days; after a week a task still unpublished is not going to be. */
export const FOLLOW_TASKS_DAYS = 7;
/** Tasks read a run: each is a get_moment_task and up to 200 reach reads, so a run stays a few hundred calls. */
const TASKS_PER_RUN = 20;

/** Whether WeCom may still have something new for this task: its job, a sender yet to publish, a reach uncounted. */
export function isStillMoving(task: MomentTask): boolean {
  if (task.status === 'failed') return false;
  if (task.status === 'creating' || !task.results) return true;
  const senders = (task.results as { senders?: TaskSenderResult[] }).senders ?? [];
  return senders.length === 0 || senders.some((s) => !s.published || s.reached === null);
}

/**
 * Follows HQ's enterprise Moments without anyone asking (WeCom sends no callback when a guide publishes): the
 * week's tasks that are still moving, least recently read first, a batch a run. Returns how many were read.
 */
export async function followMomentTasks(
  deps: Pick<DomainDeps, 'db' | 'wecom' | 'logger'>,
  now = new Date(),
): Promise<{ read: number; failed: number }> {
  const since = new Date(now.getTime() - FOLLOW_TASKS_DAYS * 86_400_000);
  const recent = await deps.db.momentTask.findMany({
    where: { createdAt: { gte: since }, status: { not: 'failed' } },
    orderBy: [{ resultsAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }],
    take: 200,
  });
  let read = 0;
  let failed = 0;
  for (const task of recent.filter(isStillMoving).slice(0, TASKS_PER_RUN)) {
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
