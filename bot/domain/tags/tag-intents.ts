import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import type { WecomTagGroup } from '../../wecom/api/corp-tags';

/**
 * The intent of one add_corp_tag (wecom_write_intent, kind ADD_CORP_TAG), written before the call. WeCom's tag
 * list does not say which app made a tag, and WeCom lets an app edit only its own: if the tags are not recorded
 * with the call (a failed write, a crash), the next sync that meets them learns from the intent that they are ours.
 */
export const TagIntentPayload = z.object({
  /** Adding into this existing group… */
  groupWecomId: z.string().optional(),
  /** …or into the group of this name, created by the call when isNewGroup. */
  groupName: z.string().optional(),
  names: z.array(z.string()),
  /** Our mirror had no live corp group of that name: the one WeCom makes is ours. */
  isNewGroup: z.boolean(),
});
export type TagIntentPayload = z.infer<typeof TagIntentPayload>;

/** An intent the sync never meets was not carried out (WeCom refused, or the call never left): forgotten after this. */
const INTENT_TTL_MS = 24 * 3_600_000;
/** WeCom's create_time against our database's clock: tags made this long before the intent are not its. */
const CLOCK_TOLERANCE_MS = 10 * 60_000;

export async function recordTagIntent(db: Pool | PoolClient, payload: TagIntentPayload): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO wecom_write_intent (id, kind, payload, updated_at)
     VALUES (gen_random_uuid(), 'ADD_CORP_TAG', $1::jsonb, now()) RETURNING id`,
    [JSON.stringify(payload)],
  );
  return rows[0]!.id;
}

export async function dropIntent(db: Pool | PoolClient, id: string): Promise<void> {
  await db.query('DELETE FROM wecom_write_intent WHERE id = $1::uuid', [id]);
}

/**
 * Marks as ours the tags (and new groups) of every ADD_CORP_TAG intent whose tags WeCom now lists, and settles
 * those intents. Runs inside the sync's transaction, after the mirror is written. Returns how many it settled.
 */
export async function claimIntendedTags(client: PoolClient, corp: WecomTagGroup[]): Promise<number> {
  const { rows } = await client.query<{ id: string; payload: unknown; created_at: Date; expired: boolean }>(
    `SELECT id, payload, created_at, created_at < now() - make_interval(secs => $1) AS expired
     FROM wecom_write_intent WHERE kind = 'ADD_CORP_TAG' ORDER BY created_at`,
    [INTENT_TTL_MS / 1000],
  );
  let settled = 0;
  for (const row of rows) {
    const parsed = TagIntentPayload.safeParse(row.payload);
    const made = parsed.success ? findIntended(corp, parsed.data, row.created_at) : undefined;
    if (made && parsed.success) {
      await client.query(
        `UPDATE tag SET created_by_app = true, updated_at = now()
         WHERE wecom_tag_id = ANY($1::text[]) AND NOT created_by_app`,
        [made.tagIds],
      );
      if (parsed.data.isNewGroup && made.isGroupFresh) {
        await client.query(
          `UPDATE tag_group SET created_by_app = true, updated_at = now()
           WHERE wecom_group_id = $1 AND NOT created_by_app`,
          [made.groupId],
        );
      }
    }
    if (made || row.expired || !parsed.success) {
      await dropIntent(client, row.id);
      settled += 1;
    }
  }
  return settled;
}

function findIntended(
  corp: WecomTagGroup[],
  intent: TagIntentPayload,
  intendedAt: Date,
): { groupId: string; tagIds: string[]; isGroupFresh: boolean } | undefined {
  const isFresh = (seconds: number | undefined) =>
    seconds === undefined || seconds * 1000 >= intendedAt.getTime() - CLOCK_TOLERANCE_MS;
  const group = corp.find((g) =>
    intent.groupWecomId ? g.group_id === intent.groupWecomId : g.group_name === intent.groupName,
  );
  if (!group) return undefined;
  const names = new Set(intent.names);
  const tags = (group.tag ?? []).filter((t) => names.has(t.name) && isFresh(t.create_time));
  // add_corp_tag makes all of a request's tags or none: until WeCom lists them all, it has not happened (yet).
  if (new Set(tags.map((t) => t.name)).size !== names.size) return undefined;
  return { groupId: group.group_id, tagIds: tags.map((t) => t.id), isGroupFresh: isFresh(group.create_time) };
}
