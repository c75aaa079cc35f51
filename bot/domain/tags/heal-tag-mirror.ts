import type { Pool } from 'pg';
import type { Logger } from '../../logger';
import type { WecomClient } from '../../wecom/client';
import { syncCorpTags } from './sync-corp-tags';

/**
 * After WeCom took a tag change and our write of it failed: mirror what WeCom now has, at once. Returns whether
 * the sync ran (it skips rows it cannot store; the caller checks its own). If it fails too, the scheduled sync
 * catches up, and an add's intent tells that sync the new tags are ours.
 */
export async function healTagMirror(
  deps: { pool: Pool; wecom: WecomClient; logger: Logger },
  context: Record<string, unknown>,
): Promise<boolean> {
  try {
    await syncCorpTags(deps);
    return true;
  } catch (error) {
    deps.logger.error(
      { err: error, ...context },
      'tag sync after a failed write failed; the scheduled sync will',
    );
    return false;
  }
}
