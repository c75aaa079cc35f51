import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DomainDeps } from '../deps';
import { type Actor, actorName } from '../access/actor';
import { nextWorkingTime } from '../schedule/business-hours';
import { getCorpSettings } from '../settings/corp-settings';
import { findGroupById } from './find-group';
import { groupAudienceSql } from './group-audience-sql';
import { SqlParams } from '../../db';

export interface GroupFollowUpInput {
  title: string;
  note?: string;
  /** When the guides should act (default now); moved into working hours. */
  dueAt?: Date;
  /**
   * Names this campaign: asking again with the same key creates nothing new. Defaults to the title and the
   * local day it falls due, so a repeated click the same day is harmless.
   */
  key?: string;
}

export interface GroupFollowUpResult {
  /** Members the actor can see, each of which now has the follow-up. */
  matched: number;
  /** Follow-ups this call created (0 when asked again). */
  created: number;
  dueAt: Date;
}

/**
 * Gives every member relation of a group a CUSTOM follow-up (the group as an audience for one-to-one service),
 * in one INSERT … SELECT computed in the database. Idempotent through the dedupe key
 * `group:<group>:<campaign>:<relation>`. Firing reuses the follow-up mechanism: one `follow-up-due` job per guide
 * (its reminder digest lists every follow-up due, so one job per follow-up would add nothing), and the
 * reconciler re-requests any guide whose follow-ups are overdue if a job is lost.
 */
export async function createGroupFollowUps(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'enqueue' | 'logger'>,
  actor: Actor,
  groupId: string,
  input: GroupFollowUpInput,
  now = new Date(),
): Promise<GroupFollowUpResult> {
  const group = await findGroupById(deps, groupId);
  const settings = await getCorpSettings(deps);
  const dueAt = nextWorkingTime(input.dueAt ?? now, settings);
  const day = DateTime.fromJSDate(dueAt, { zone: settings.timezone }).toISODate() ?? '';
  const campaign =
    input.key ?? createHash('sha256').update(`${input.title}\n${day}`).digest('hex').slice(0, 24);

  const params = new SqlParams();
  const audience = groupAudienceSql(group, actor, params, now);
  const at = params.add(now, 'timestamptz');
  const { rows } = await deps.pool.query<{ matched: string; per_guide: PerGuide[] | null }>(
    `WITH audience AS (
       SELECT gc.id AS relation_id, gc.guide_id, gc.customer_id FROM ${audience.from} WHERE ${audience.where}
     ), ins AS (
       INSERT INTO follow_up (id, kind, guide_id, customer_id, due_at, title, note, valid_from, group_id,
                              dedupe_key, created_by, created_at, updated_at)
       SELECT gen_random_uuid(), 'CUSTOM', a.guide_id, a.customer_id, ${params.add(dueAt, 'timestamptz')},
              ${params.add(input.title, 'text')}, ${params.add(input.note ?? null, 'text')}, ${at},
              ${params.add(group.id, 'uuid')}, ${params.add(`group:${group.id}:${campaign}:`, 'text')} || a.relation_id,
              ${params.add(actorName(actor), 'text')}, ${at}, ${at}
       FROM audience a
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id, guide_id
     )
     SELECT (SELECT count(*) FROM audience) AS matched,
            (SELECT json_agg(x) FROM (SELECT min(id::text) AS id, count(*)::int AS created FROM ins GROUP BY guide_id) x)
              AS per_guide`,
    params.values,
  );
  const perGuide = rows[0]?.per_guide ?? [];
  const delay = Math.max(0, dueAt.getTime() - Date.now());
  for (const { id } of perGuide) {
    await deps
      .enqueue('follow-up-due', { followUpId: id }, { key: String(dueAt.getTime()), delay })
      .catch((error: unknown) =>
        deps.logger.warn(
          { err: error, followUpId: id },
          'could not schedule group follow-up; reconciler will',
        ),
      );
  }
  return {
    matched: Number(rows[0]?.matched ?? 0),
    created: perGuide.reduce((sum, g) => sum + g.created, 0),
    dueAt,
  };
}

interface PerGuide {
  /** One follow-up of the guide's: its job asks for the guide's digest, which lists them all. */
  id: string;
  created: number;
}
