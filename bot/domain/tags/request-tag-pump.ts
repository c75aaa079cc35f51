import type { Enqueue } from '../jobs/job-definitions';

/**
 * Asks for pending tag changes to be pushed by the tag pump: at once, or `delayMs` later where the last slice
 * stopped (the rate-limit window was full). A request while a pump chain runs is absorbed by its job ids.
 */
export function requestTagPump(
  enqueue: Enqueue,
  next: { after?: string | null; delayMs?: number; lane?: 'a' | 'b' } = {},
): Promise<void> {
  return enqueue(
    'push-pending-tags',
    { after: next.after ?? null, lane: next.lane ?? 'a' },
    { delay: next.delayMs || undefined },
  );
}
