import type { Pool } from 'pg';
import { isDatabaseUnavailable } from '../../db';
import { type XmlFields, type XmlValue, textOf } from '../../wecom/callback-xml';

/** A callback to store: its id is given before the first write, so a replay of it writes the same row. */
export interface EventToStore {
  id: string;
  key: string;
  fields: XmlFields;
  rawXml: string;
  receivedAt: Date;
}

export interface StoredEvent {
  id: string;
  isNew: boolean;
  /** RECEIVED until processed; SPOOLED: acknowledged while PostgreSQL was down, stored when it is back. */
  status: string;
}

// One statement text for any batch size (arrays, not VALUES lists), so PostgreSQL prepares it once per connection.
const INSERT_EVENTS = {
  name: 'insert-callback-events-v2',
  text: `
    INSERT INTO callback_event (id, dedupe_key, msg_type, event, change_type, userid, external_userid, chat_id,
                                created_at_wecom, fields, raw_xml, received_at, updated_at)
    SELECT *, now() FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                $8::text[], $9::timestamptz[], $10::jsonb[], $11::text[], $12::timestamptz[])
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, dedupe_key`,
};
const SELECT_EXISTING = {
  name: 'select-callback-events-by-key',
  text: 'SELECT id, dedupe_key, status FROM callback_event WHERE dedupe_key = ANY($1::text[])',
};

/**
 * The batch in one INSERT; if PostgreSQL refuses it, row by row, so one bad event fails only its own request
 * (WeCom may not re-deliver after an error answer, so a valid neighbour must not fail with it). If PostgreSQL
 * cannot be reached at all, that is thrown as it is: no row would fare better.
 */
export async function writeEventsOrRows(
  pool: Pool,
  batch: EventToStore[],
): Promise<Map<string, StoredEvent | Error>> {
  try {
    return await writeEvents(pool, batch);
  } catch (error) {
    if (batch.length === 1 || isDatabaseUnavailable(error)) throw error;
    const result = new Map<string, StoredEvent | Error>();
    for (const p of batch) {
      try {
        for (const [k, v] of await writeEvents(pool, [p])) result.set(k, v);
      } catch (rowError) {
        result.set(p.key, rowError instanceof Error ? rowError : new Error(String(rowError)));
      }
    }
    return result;
  }
}

/** One INSERT for the batch, keyed by dedupe key; the keys that already existed are looked up in one SELECT. */
export async function writeEvents(pool: Pool, batch: EventToStore[]): Promise<Map<string, StoredEvent>> {
  const unique = new Map<string, EventToStore>();
  for (const p of batch) if (!unique.has(p.key)) unique.set(p.key, p);
  const columns: unknown[][] = Array.from({ length: 12 }, () => []);
  for (const p of unique.values()) {
    const createTime = Number(textOf(p.fields, 'CreateTime') ?? textOf(p.fields, 'TimeStamp'));
    const row = [
      p.id,
      p.key,
      textOf(p.fields, 'MsgType') ?? textOf(p.fields, 'InfoType') ?? '',
      textOf(p.fields, 'Event') ?? null,
      textOf(p.fields, 'ChangeType') ?? null,
      textOf(p.fields, 'UserID') ?? null,
      textOf(p.fields, 'ExternalUserID') ?? null,
      textOf(p.fields, 'ChatId') ?? null,
      Number.isFinite(createTime) && createTime > 0 ? new Date(createTime * 1000) : p.receivedAt,
      // PostgreSQL text and jsonb cannot hold U+0000; a message may carry one.
      JSON.stringify(withoutNul(p.fields)),
      p.rawXml.replaceAll('\u0000', ''),
      p.receivedAt,
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
