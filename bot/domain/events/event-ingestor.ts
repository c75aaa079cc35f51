import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { isDatabaseUnavailable } from '../../db';
import type { Logger } from '../../logger';
import { type XmlFields, dedupeKeyOf } from '../../wecom/callback-xml';
import { createBatcher } from '../batching/create-batcher';
import type { EventSpool } from './event-spool';
import { type EventToStore, type StoredEvent, writeEvents, writeEventsOrRows } from './event-writes';

export type { StoredEvent } from './event-writes';

export interface EventIngestorOptions {
  pool: Pool;
  logger: Logger;
  /** Queues processing of stored events in one go; a failure is survivable (the reconciler re-queues). */
  enqueueProcessing: (events: { id: string; fields: XmlFields }[]) => Promise<void>;
  /** Where events go while PostgreSQL cannot be reached; without one, such a delivery fails (a 500). */
  spool?: EventSpool;
  /** How often a spool with events in it is replayed into PostgreSQL. */
  replayEveryMs?: number;
  /** Largest batch written in one INSERT. */
  maxBatch?: number;
  /** Batches written at once: while one waits for its commit, the next is already on its way. */
  maxConcurrentWrites?: number;
}

type EventToQueue = { id: string; fields: XmlFields };

export interface EventIngestor {
  /**
   * Resolves once the event is committed to PostgreSQL, or, when PostgreSQL cannot be reached, once it is
   * fsynced to the spool (status SPOOLED): either way it is safe to acknowledge. Its job is queued after that,
   * without holding the answer.
   */
  store(fields: XmlFields, rawXml: string): Promise<StoredEvent>;
  /**
   * Resolves once every delivery taken so far is answered and its job handed to the queue (or queueing it has
   * failed): a process that stops waits for this before it closes PostgreSQL and Redis.
   */
  drain(): Promise<void>;
  /** Replays the spool into PostgreSQL now; resolves with how many events it stored. */
  replaySpool(): Promise<number>;
  /** Stops replaying (a replay under way finishes). */
  stop(): void;
}

/**
 * Stores callbacks in batches: events that arrive while the writers are busy go into the next multi-row
 * INSERT … ON CONFLICT DO NOTHING, and their jobs into one Redis MULTI. Under load this turns a commit (an fsync)
 * and a Redis round trip per event into one per batch; when idle a lone event is written at once.
 *
 * The answer waits for the commit only: the row is what makes an acknowledgement safe, and Redis, busy with the
 * workers' Bull scripts (3-8 ms each in its SLOWLOG during a burst), need not hold it. Queueing is a second
 * batcher behind it. An event whose queueing fails or never happens (the process died) is RECEIVED in
 * PostgreSQL: the welcome sweeper greets it from there and the reconciler queues it.
 *
 * While PostgreSQL is down, a batch is written to the spool instead and acknowledged: WeCom re-sends only on a
 * timeout or a refused connection (API.md §1.6), so an error answer would lose the event. The spool is replayed
 * every `replayEveryMs` until it is empty, with each event's id and arrival time, and then queued as usual.
 */
export function createEventIngestor(options: EventIngestorOptions): EventIngestor {
  const replayEveryMs = options.replayEveryMs ?? 1_000;
  let replayTimer: NodeJS.Timeout | null = null;
  let replaying: Promise<number> | null = null;
  let isStopped = false;
  const queuer = createBatcher<EventToQueue, void>({
    maxBatch: options.maxBatch ?? 500,
    maxConcurrentRuns: 2,
    run: async (events) => {
      await queueEvents(options, events);
      return events.map(() => ({ status: 'fulfilled', value: undefined }));
    },
  });
  // What is under way, for drain(): deliveries being stored, then their jobs being queued.
  let inFlight = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    const settled: Promise<unknown> = promise.then(
      (): boolean => inFlight.delete(settled),
      (): boolean => inFlight.delete(settled),
    );
    inFlight.add(settled);
    return promise;
  };
  const queue = (events: EventToQueue[]) => {
    for (const e of events) void track(queuer.submit(e).catch(() => undefined));
  };

  const replaySpool = (): Promise<number> => {
    const spool = options.spool;
    if (!spool) return Promise.resolve(0);
    replaying ??= spool
      .replay(async (spooled) => {
        const events = spooled.map((e) => ({ ...e, receivedAt: new Date(e.receivedAt) }));
        const stored = await writeEvents(options.pool, events);
        queue(toQueue(events, stored));
      })
      .finally(() => (replaying = null));
    return replaying;
  };
  // Until the spool is empty: a failed replay (PostgreSQL still down) tries again at the next tick.
  const scheduleReplay = () => {
    if (replayTimer || isStopped || !options.spool) return;
    replayTimer = setTimeout(() => {
      replayTimer = null;
      replaySpool().then(
        (count) => {
          if (count > 0) options.logger.info({ count }, 'spooled callback events stored');
        },
        (error: unknown) => {
          options.logger.warn({ err: error }, 'spooled callback events not stored yet; will retry');
          scheduleReplay();
        },
      );
    }, replayEveryMs);
    replayTimer.unref();
  };

  const batcher = createBatcher<EventToStore, StoredEvent>({
    maxBatch: options.maxBatch ?? 500,
    maxConcurrentRuns: options.maxConcurrentWrites ?? 4,
    run: async (batch) => {
      try {
        return await storeBatch(options, batch, queue);
      } catch (error) {
        if (!options.spool || !isDatabaseUnavailable(error)) throw error;
        const answers = await spoolBatch(options.spool, batch);
        options.logger.warn(
          { err: error, count: batch.length },
          'PostgreSQL unavailable: callback events spooled',
        );
        scheduleReplay();
        return answers;
      }
    },
  });
  // Events a previous process spooled and did not replay.
  scheduleReplay();
  return {
    store: (fields, rawXml) =>
      track(
        batcher.submit({
          id: randomUUID(),
          key: dedupeKeyOf(fields),
          fields,
          rawXml,
          receivedAt: new Date(),
        }),
      ),
    replaySpool,
    async drain() {
      // A store that settles queues its jobs first: read again until nothing is left.
      while (inFlight.size > 0) {
        const pending = [...inFlight];
        inFlight = new Set();
        await Promise.all(pending);
      }
    },
    stop() {
      isStopped = true;
      if (replayTimer) clearTimeout(replayTimer);
      replayTimer = null;
    },
  };
}

/** Writes a batch, hands what is new to the queue, and answers each delivery. */
async function storeBatch(
  options: EventIngestorOptions,
  batch: EventToStore[],
  queue: (events: EventToQueue[]) => void,
): Promise<PromiseSettledResult<StoredEvent>[]> {
  const stored = await writeEventsOrRows(options.pool, batch);
  queue(toQueue(batch, stored));
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

/** New events and duplicates of events not yet processed (their first enqueue may have failed), once each. */
function toQueue(batch: EventToStore[], stored: Map<string, StoredEvent | Error>): EventToQueue[] {
  const events: EventToQueue[] = [];
  const queued = new Set<string>();
  for (const p of batch) {
    const s = stored.get(p.key);
    if (!s || s instanceof Error) continue; // its row failed and is answered on its own
    if (s.status !== 'RECEIVED' || queued.has(s.id)) continue;
    queued.add(s.id);
    events.push({ id: s.id, fields: p.fields });
  }
  return events;
}

/** Redis may be down: the events are stored, and the reconciler queues them later. */
async function queueEvents(options: EventIngestorOptions, events: EventToQueue[]): Promise<void> {
  await options.enqueueProcessing(events).catch((error: unknown) => {
    options.logger.warn(
      { err: error, count: events.length },
      'could not queue callback events; reconciler will',
    );
  });
}

/** The batch to the spool, one event per dedupe key (as the INSERT would keep it). */
async function spoolBatch(
  spool: EventSpool,
  batch: EventToStore[],
): Promise<PromiseSettledResult<StoredEvent>[]> {
  const first = new Map<string, EventToStore>();
  for (const p of batch) if (!first.has(p.key)) first.set(p.key, p);
  await spool.write([...first.values()].map((p) => ({ ...p, receivedAt: p.receivedAt.toISOString() })));
  return batch.map((p) => {
    const kept = first.get(p.key)!;
    return { status: 'fulfilled', value: { id: kept.id, isNew: kept === p, status: 'SPOOLED' } };
  });
}
