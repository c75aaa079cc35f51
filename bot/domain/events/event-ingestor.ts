import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from '../../logger';
import { type XmlFields, type XmlValue, dedupeKeyOf, textOf } from '../../wecom/callback-xml';
import { createBatcher } from '../batching/create-batcher';

export interface StoredEvent {
  id: string;
  isNew: boolean;
  status: string;
}

export interface EventIngestorOptions {
  pool: Pool;
  logger: Logger;
  /** Queues processing of stored events in one go; a failure is survivable (the reconciler re-queues). */
  enqueueProcessing: (events: { id: string; fields: XmlFields }[]) => Promise<void>;
  /** Largest batch written in one INSERT. */
  maxBatch?: number;
  /** Batches written at once: while one waits for its commit, the next is already on its way. */
  maxConcurrentWrites?: number;
}

export interface EventIngestor {
  /** Resolves once the event is committed to PostgreSQL (and its job queued, or queueing has failed). */
  store(fields: XmlFields, rawXml: string): Promise<StoredEvent>;
}

interface Pending {
  key: string;
  fields: XmlFields;
  rawXml: string;
}

/**
 * Stores callbacks in batches: events that arrive while the writers are busy go into the next multi-row
 * INSERT … ON CONFLICT DO NOTHING, and their jobs into one Redis MULTI. Under load this turns a commit (an fsync)
 * and a Redis round trip per event into one per batch; when idle a lone event is written at once.
 */
export function createEventIngestor(options: EventIngestorOptions): EventIngestor {
  const batcher = createBatcher<Pending, StoredEvent>({
    maxBatch: options.maxBatch ?? 500,
    maxConcurrentRuns: options.maxConcurrentWrites ?? 4,
    run: (batch) => storeBatch(options, batch),
  });
  return {
    store: (fields, rawXml) => batcher.submit({ key: dedupeKeyOf(fields), fields, rawXml }),
  };
}

/** Writes a batch, queues the processing of what is new, and answers each delivery. */
async function storeBatch(
  options: EventIngestorOptions,
  batch: Pending[],
): Promise<PromiseSettledResult<StoredEvent>[]> {
  const stored = await writeBatchOrRows(options.pool, batch);
  // New events and duplicates of events not yet processed (their first enqueue may have failed).
  const toQueue: { id: string; fields: XmlFields }[] = [];
  const queued = new Set<string>();
  for (const p of batch) {
    const s = stored.get(p.key);
    if (!s || s instanceof Error) continue; // its row failed and is answered on its own
    if (s.status !== 'RECEIVED' || queued.has(s.id)) continue;
    queued.add(s.id);
    toQueue.push({ id: s.id, fields: p.fields });
  }
  if (toQueue.length > 0) {
    // Redis may be down: the events are stored, so answer anyway; the reconciler queues them later.
    await options.enqueueProcessing(toQueue).catch((error: unknown) => {
      options.logger.warn(
        { err: error, count: toQueue.length },
        'could not queue callback events; reconciler will',
      );
    });
  }
  // A key repeated inside one batch: the first delivery is the new one, the others its duplicates.
  const answered = new Set<string>();
  return batch.map((p) => {
    const s = stored.get(p.key) ?? new Error(`callback event ${p.key} was neither inserted nor found`);
    if (s instanceof Error) return { status: 'rejected', reason: s };
    const isDuplicate = answered.has(p.key);
    answered.add(p.key);
    return { status: 'fulfilled', value: isDuplicate ? { ...s, isNew: false } : s };
  });
}

// One statement text for any batch size (arrays, not VALUES lists), so PostgreSQL prepares it once per connection.
const INSERT_EVENTS = {
  name: 'insert-callback-events',
  text: `
    INSERT INTO callback_event (id, dedupe_key, msg_type, event, change_type, userid, external_userid, chat_id,
                                created_at_wecom, fields, raw_xml, updated_at)
    SELECT *, now() FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                $8::text[], $9::timestamptz[], $10::jsonb[], $11::text[])
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, dedupe_key`,
};
const SELECT_EXISTING = {
  name: 'select-callback-events-by-key',
  text: 'SELECT id, dedupe_key, status FROM callback_event WHERE dedupe_key = ANY($1::text[])',
};

/**
 * The batch in one INSERT; if PostgreSQL refuses it, row by row, so one bad event fails only its own request
 * (WeCom may not re-deliver after an error answer, so a valid neighbour must not fail with it).
 */
async function writeBatchOrRows(pool: Pool, batch: Pending[]): Promise<Map<string, StoredEvent | Error>> {
  try {
    return await writeBatch(pool, batch);
  } catch (error) {
    if (batch.length === 1) throw error;
    const result = new Map<string, StoredEvent | Error>();
    for (const p of batch) {
      try {
        for (const [k, v] of await writeBatch(pool, [p])) result.set(k, v);
      } catch (rowError) {
        result.set(p.key, rowError instanceof Error ? rowError : new Error(String(rowError)));
      }
    }
    return result;
  }
}

/** One INSERT for the batch; the keys that already existed are looked up in one SELECT. */
async function writeBatch(pool: Pool, batch: Pending[]): Promise<Map<string, StoredEvent>> {
  const unique = new Map<string, Pending>();
  for (const p of batch) if (!unique.has(p.key)) unique.set(p.key, p);
  const columns: unknown[][] = Array.from({ length: 11 }, () => []);
  for (const p of unique.values()) {
    const createTime = Number(textOf(p.fields, 'CreateTime') ?? textOf(p.fields, 'TimeStamp'));
    const row = [
      randomUUID(),
      p.key,
      textOf(p.fields, 'MsgType') ?? textOf(p.fields, 'InfoType') ?? '',
      textOf(p.fields, 'Event') ?? null,
      textOf(p.fields, 'ChangeType') ?? null,
      textOf(p.fields, 'UserID') ?? null,
      textOf(p.fields, 'ExternalUserID') ?? null,
      textOf(p.fields, 'ChatId') ?? null,
      Number.isFinite(createTime) && createTime > 0 ? new Date(createTime * 1000) : new Date(),
      // PostgreSQL text and jsonb cannot hold U+0000; a message may carry one.
      JSON.stringify(withoutNul(p.fields)),
      p.rawXml.replaceAll('\u0000', ''),
    ];
    row.forEach((value, i) => columns[i]!.push(value));
  }

  const result = new Map<string, StoredEvent>();
  const inserted = await pool.query<{ id: string; dedupe_key: string }>({
    ...INSERT_EVENTS,
    values: columns,
  });
  for (const row of inserted.rows)
    result.set(row.dedupe_key, { id: row.id, isNew: true, status: 'RECEIVED' });

  const duplicates = [...unique.keys()].filter((k) => !result.has(k));
  if (duplicates.length > 0) {
    const existing = await pool.query<{ id: string; dedupe_key: string; status: string }>({
      ...SELECT_EXISTING,
      values: [duplicates],
    });
    for (const e of existing.rows) result.set(e.dedupe_key, { id: e.id, isNew: false, status: e.status });
  }
  for (const key of unique.keys()) {
    if (!result.has(key)) throw new Error(`callback event ${key} was neither inserted nor found`);
  }
  return result;
}

/** PostgreSQL text and jsonb cannot hold U+0000, which a message's content may carry: drop it. */
function withoutNul<T extends XmlValue>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map((v) => withoutNul(v)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
}
