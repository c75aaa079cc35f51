import type { FollowUpKind } from '../../generated/prisma/client';
import type { DomainDeps } from '../deps';
import { enqueueAll } from '../jobs/enqueue-all';
import { nextWorkingTime } from '../schedule/business-hours';
import { getCorpSettings } from '../settings/corp-settings';
import { MET_BY_INTERACTION, closeFollowUpsMetBy } from './close-follow-ups';

/** A follow-up the system creates (an add's greeting or interaction): always keyed, always with its start. */
export interface NewSystemFollowUp {
  kind: FollowUpKind;
  guideId: string;
  customerId: string;
  /** When it would be due; moved to the next working time if that falls outside working hours. */
  dueAt: Date;
  /** Interactions from this moment on meet its purpose (see NewFollowUp.validFrom). */
  validFrom: Date;
  title: string;
  note?: string;
  /** The same key never creates a second one. */
  dedupeKey: string;
}

export interface CreatedFollowUp {
  id: string;
  dedupeKey: string;
  /** Closed at once: an interaction on record since `validFrom` had already met it. */
  isMet: boolean;
}

/**
 * createFollowUp for many at once: one INSERT for all of them (a key already used creates nothing), one query
 * for interactions that already met them (events do not arrive in order), and their Bull jobs in one round trip.
 * PostgreSQL is the source of truth: if Redis is down the follow-ups still exist and the reconciler fires them.
 * Returns the follow-ups this call created (not those whose key existed).
 */
export async function createFollowUps(
  deps: Pick<DomainDeps, 'db' | 'pool' | 'enqueue' | 'enqueueMany' | 'logger'>,
  inputs: NewSystemFollowUp[],
): Promise<CreatedFollowUp[]> {
  if (inputs.length === 0) return [];
  const settings = await getCorpSettings(deps);
  const rows = [...new Map(inputs.map((f) => [f.dedupeKey, f])).values()].map((f) => ({
    kind: f.kind,
    guide_id: f.guideId,
    customer_id: f.customerId,
    due_at: nextWorkingTime(f.dueAt, settings).toISOString(),
    valid_from: f.validFrom.toISOString(),
    title: f.title,
    note: f.note,
    dedupe_key: f.dedupeKey,
  }));
  const { rows: created } = await deps.pool.query<{
    id: string;
    kind: FollowUpKind;
    guide_id: string;
    customer_id: string;
    due_at: Date;
    dedupe_key: string;
  }>(
    `INSERT INTO follow_up (id, kind, guide_id, customer_id, due_at, valid_from, title, note, dedupe_key, updated_at)
     SELECT gen_random_uuid(), x.kind, x.guide_id, x.customer_id, x.due_at, x.valid_from, x.title, x.note,
       x.dedupe_key, now()
     FROM jsonb_to_recordset($1::jsonb) AS x(kind follow_up_kind, guide_id uuid, customer_id uuid,
       due_at timestamptz, valid_from timestamptz, title text, note text, dedupe_key text)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id, kind, guide_id, customer_id, due_at, dedupe_key`,
    [JSON.stringify(rows)],
  );
  const met = await closeAlreadyMet(
    deps,
    created.filter((f) => MET_BY_INTERACTION.includes(f.kind)).map((f) => f.id),
  );
  const toSchedule = created.filter((f) => !met.has(f.id));
  await enqueueAll(
    deps,
    'follow-up-due',
    toSchedule.map((f) => ({
      payload: { followUpId: f.id },
      options: { key: String(f.due_at.getTime()), delay: Math.max(0, f.due_at.getTime() - Date.now()) },
    })),
  ).catch((error: unknown) =>
    deps.logger.warn(
      { err: error, followUps: toSchedule.length },
      'could not schedule follow-ups; reconciler will',
    ),
  );
  return created.map((f) => ({ id: f.id, dedupeKey: f.dedupe_key, isMet: met.has(f.id) }));
}

/**
 * An interaction already on record since a follow-up's `validFrom` has met it (a group-chat join or an archived
 * chat may be recorded before the add that creates the follow-up). Returns the ids of the follow-ups closed.
 */
async function closeAlreadyMet(
  deps: Pick<DomainDeps, 'db' | 'pool'>,
  followUpIds: string[],
): Promise<Set<string>> {
  if (followUpIds.length === 0) return new Set();
  const { rows } = await deps.pool.query<{
    id: string;
    guide_id: string;
    customer_id: string;
    occurred_at: Date;
    source: string;
  }>(
    `SELECT DISTINCT ON (f.id) f.id, f.guide_id, f.customer_id, i.occurred_at, i.source
     FROM follow_up f
     JOIN interaction i ON i.guide_id = f.guide_id AND i.customer_id = f.customer_id
       AND i.occurred_at >= f.valid_from
     WHERE f.id = ANY($1::uuid[])
     ORDER BY f.id, i.occurred_at DESC`,
    [followUpIds],
  );
  for (const row of rows) {
    await closeFollowUpsMetBy(
      deps.db,
      { guideId: row.guide_id, customerId: row.customer_id },
      row.occurred_at,
      row.source,
    );
  }
  return new Set(rows.map((r) => r.id));
}
