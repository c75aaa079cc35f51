import type { Pool } from 'pg';
import { AppError } from '../../errors';
import type { CallbackEvent } from '../../generated/prisma/client';
import { type XmlFields, textOf } from '../../wecom/callback-xml';
import { type AddResults, type AddToRecord, recordAdds } from '../contacts/record-adds';
import type { DomainDeps } from '../deps';
import { handleEvent } from './handle-event';
import { recordEventFailure } from './process-callback-event';

const ADD_CHANGE_TYPES = new Set(['add_external_contact', 'add_half_external_contact']);

/**
 * processCallbackEvent for a batch of stored callbacks, each ending as it would alone (PROCESSED; RECEIVED
 * again when postponed; FAILED with or without `retryAt`) and answered with its outcome or its error. The adds
 * are recorded together (recordAdds: a statement per step for all of them, their WeCom reads side by side); if
 * a statement for the whole batch fails, they are tried one by one, so one bad event fails alone. Other events
 * follow, one at a time per relation in CreateTime order (after the adds: an add and a later deletion in one
 * batch end deleted). Safe to run again: a PROCESSED event is skipped.
 */
export async function processCallbackEvents(
  deps: DomainDeps,
  eventIds: string[],
): Promise<Map<string, string | Error>> {
  const results = new Map<string, string | Error>();
  const unique = [...new Set(eventIds)];
  const claimed = await claimEvents(deps.pool, unique);
  await answerUnclaimed(
    deps.pool,
    unique.filter((id) => !claimed.some((e) => e.id === id)),
    results,
  );

  const adds = claimed.filter(isAdd);
  const outcomes = new Map<string, string | Error>();
  for (const [eventId, error] of await recordAddsOrOneByOne(deps, adds)) {
    outcomes.set(eventId, error ?? 'relation added');
  }
  // Side by side across relations; in CreateTime order within one (its conditional updates order them too).
  await Promise.all(
    byRelation(claimed.filter((e) => !isAdd(e))).map(async (events) => {
      for (const event of events) outcomes.set(event.id, await handleEvent(deps, event).catch(asError));
    }),
  );

  const done = [...outcomes].filter(([, outcome]) => !(outcome instanceof Error)).map(([id]) => id);
  await markProcessed(deps.pool, done);
  for (const event of claimed) {
    const outcome = outcomes.get(event.id) ?? new Error(`event ${event.id} got no outcome`);
    if (outcome instanceof Error) await recordEventFailure(deps, event, outcome);
    results.set(event.id, outcome);
  }
  return results;
}

/**
 * Takes the events that are still to do (not PROCESSED, not given up for good) and counts this run, in one
 * statement; returns them whole.
 */
async function claimEvents(pool: Pool, eventIds: string[]): Promise<CallbackEvent[]> {
  if (eventIds.length === 0) return [];
  const { rows } = await pool.query<CallbackEvent>(
    `UPDATE callback_event SET status = 'PROCESSING', attempts = attempts + 1, updated_at = now()
     WHERE id = ANY($1::uuid[]) AND status <> 'PROCESSED' AND NOT (status = 'FAILED' AND retry_at IS NULL)
     RETURNING id, dedupe_key AS "dedupeKey", msg_type AS "msgType", event, change_type AS "changeType", userid,
       external_userid AS "externalUserid", chat_id AS "chatId", created_at_wecom AS "createdAtWecom", fields,
       raw_xml AS "rawXml", received_at AS "receivedAt", status, attempts, error, retry_at AS "retryAt",
       processed_at AS "processedAt", created_at AS "createdAt", updated_at AS "updatedAt"`,
    [eventIds],
  );
  return rows;
}

/** Why an event was not claimed: done before, given up for good, or not there at all. */
async function answerUnclaimed(
  pool: Pool,
  eventIds: string[],
  results: Map<string, string | Error>,
): Promise<void> {
  if (eventIds.length === 0) return;
  const { rows } = await pool.query<{ id: string; status: string }>(
    'SELECT id, status FROM callback_event WHERE id = ANY($1::uuid[])',
    [eventIds],
  );
  const status = new Map(rows.map((r) => [r.id, r.status]));
  for (const id of eventIds) {
    const s = status.get(id);
    if (s === 'PROCESSED') results.set(id, 'already processed');
    // Given up for good (a permanent failure, or two days of passing ones): a job still queued for it does nothing.
    else if (s !== undefined) results.set(id, 'given up before');
    else
      results.set(
        id,
        new AppError('event_not_found', `callback event ${id} does not exist`, { status: 404 }),
      );
  }
}

function isAdd(event: CallbackEvent): boolean {
  return event.event === 'change_external_contact' && ADD_CHANGE_TYPES.has(event.changeType ?? '');
}

function toAdd(event: CallbackEvent): AddToRecord {
  const fields = event.fields as XmlFields;
  return {
    eventId: event.id,
    userid: event.userid ?? '',
    externalUserid: event.externalUserid ?? '',
    occurredAt: event.createdAtWecom,
    state: textOf(fields, 'State') || undefined,
    hasWelcomeCode: Boolean(textOf(fields, 'WelcomeCode')),
  };
}

async function recordAddsOrOneByOne(deps: DomainDeps, adds: CallbackEvent[]): Promise<AddResults> {
  if (adds.length === 0) return new Map();
  try {
    return await recordAdds(deps, adds.map(toAdd));
  } catch (error) {
    deps.logger.warn({ err: error, adds: adds.length }, 'recording a batch of adds failed; one by one');
    const results: AddResults = new Map();
    for (const event of adds) {
      results.set(event.id, await handleEvent(deps, event).then(() => null, asError));
    }
    return results;
  }
}

/** Events grouped by relation (or chat), each group in CreateTime order. */
function byRelation(events: CallbackEvent[]): CallbackEvent[][] {
  const groups = new Map<string, CallbackEvent[]>();
  for (const event of [...events].sort((a, b) => a.createdAtWecom.getTime() - b.createdAtWecom.getTime())) {
    const key = `${event.userid ?? ''}\n${event.externalUserid ?? ''}\n${event.chatId ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  return [...groups.values()];
}

async function markProcessed(pool: Pool, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await pool.query(
    `UPDATE callback_event SET status = 'PROCESSED', processed_at = now(), error = NULL, retry_at = NULL,
       updated_at = now()
     WHERE id = ANY($1::uuid[])`,
    [eventIds],
  );
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
