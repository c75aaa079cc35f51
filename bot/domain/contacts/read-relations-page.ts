import { setTimeout as sleep } from 'node:timers/promises';
import { type BatchContactsPage, batchGetByUser } from '../../wecom/api/external-contact';
import { isWecomError, retryAfterOf } from '../../wecom/errors';
import type { SyncDeps } from '../deps';

// batch/get_by_user returns at most 100 rows a page (API.md §3.2).
export const ROWS_PER_PAGE = 100;
/** A page WeCom refused for a passing reason (busy, a dropped connection) is asked for again this often. */
const PAGE_ATTEMPTS = 5;

/**
 * One page of batch/get_by_user for these guides. A page refused by our own rate limit waits for the window to
 * reopen (not a failure); one refused for another passing reason is asked for again, with a growing pause.
 */
export async function readRelationsPage(
  deps: Pick<SyncDeps, 'wecom' | 'logger'>,
  userids: string[],
  cursor: string | undefined,
): Promise<BatchContactsPage> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await batchGetByUser(deps.wecom, userids, cursor, ROWS_PER_PAGE);
    } catch (error) {
      const waitMs = retryAfterOf(error);
      if (waitMs !== undefined) {
        await sleep(waitMs);
        continue;
      }
      if (!isWecomError(error) || !error.isRetryable || attempt >= PAGE_ATTEMPTS) throw error;
      deps.logger.warn({ errcode: error.errcode, attempt }, 'batch/get_by_user refused; asking again');
      await sleep(1_000 * 2 ** (attempt - 1));
    }
  }
}
