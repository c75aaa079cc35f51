import type { Enqueue } from '../jobs/job-definitions';

/** Callbacks within one window share one sync that starts after the window closes (one console save = several). */
const TAG_SYNC_WINDOW_MS = 2_000;

/**
 * Asks for a corp tag sync after the current 2-second window. The window's key makes every callback of one
 * console save share one job, and a callback arriving while that job runs falls in a later window, so it is never
 * covered only by a sync that read WeCom before the change.
 */
export function requestTagSync(enqueue: Enqueue, reason: string, now = Date.now()): Promise<void> {
  const window = Math.floor(now / TAG_SYNC_WINDOW_MS);
  return enqueue(
    'sync-corp-tags',
    { reason },
    { key: String(window), delay: TAG_SYNC_WINDOW_MS - (now % TAG_SYNC_WINDOW_MS) + 200 },
  );
}
