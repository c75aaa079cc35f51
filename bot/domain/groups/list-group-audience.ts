import type { DomainDeps } from '../deps';
import type { Actor } from '../access/actor';
import { findGroupById } from './find-group';
import { groupAudienceSql } from './group-audience-sql';
import { SqlParams } from '../../db';

/** WeCom's add_msg_template takes at most 10,000 external_userids per task. */
export const MAX_RECIPIENTS_PER_TASK = 10_000;
const BATCH = 5_000;

export interface AudienceChunk {
  guideUserid: string;
  externalUserids: string[];
}

/**
 * A group's audience per guide, in chunks of at most `chunkSize` customers, for mass messages (企业群发): each
 * guide sends to their own customers, one add_msg_template task per chunk. Read in keyset batches ordered by
 * (guide, relation), so memory stays one batch plus one chunk whatever the group's size.
 */
export async function* listGroupAudienceByGuide(
  { db, pool }: Pick<DomainDeps, 'db' | 'pool'>,
  actor: Actor,
  groupId: string,
  chunkSize = MAX_RECIPIENTS_PER_TASK,
  now = new Date(),
): AsyncGenerator<AudienceChunk> {
  const size = Math.min(Math.max(1, chunkSize), MAX_RECIPIENTS_PER_TASK);
  const group = await findGroupById({ db }, groupId);
  let after: { guideId: string; relationId: string } | null = null;
  let chunk: AudienceChunk | null = null;
  for (;;) {
    const params = new SqlParams();
    const audience = groupAudienceSql(group, actor, params, now);
    const cursor: string = after
      ? `AND (gc.guide_id, gc.id) > (${params.add(after.guideId, 'uuid')}, ${params.add(after.relationId, 'uuid')})`
      : '';
    const { rows }: { rows: AudienceRow[] } = await pool.query<AudienceRow>(
      `SELECT gc.guide_id, gc.id, g.userid, c.external_userid
       FROM ${audience.from} JOIN guide g ON g.id = gc.guide_id
       WHERE ${audience.where} ${cursor}
       ORDER BY gc.guide_id, gc.id
       LIMIT ${params.add(BATCH, 'int')}`,
      params.values,
    );
    for (const row of rows) {
      if (chunk && (chunk.guideUserid !== row.userid || chunk.externalUserids.length >= size)) {
        yield chunk;
        chunk = null;
      }
      chunk ??= { guideUserid: row.userid, externalUserids: [] };
      chunk.externalUserids.push(row.external_userid);
    }
    const last: AudienceRow | undefined = rows[rows.length - 1];
    if (rows.length < BATCH || !last) break;
    after = { guideId: last.guide_id, relationId: last.id };
  }
  if (chunk) yield chunk;
}

interface AudienceRow {
  guide_id: string;
  id: string;
  userid: string;
  external_userid: string;
}
