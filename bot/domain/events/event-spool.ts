import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { XmlFields } from '../../wecom/callback-xml';

/** A callback that was acknowledged while PostgreSQL could not take it, as written to the spool. */
export interface SpooledEvent {
  /** The event's id, given before the first write: a replay inserts the same row, never a second one. */
  id: string;
  key: string;
  fields: XmlFields;
  rawXml: string;
  /** When it reached us (the welcome's 20-second window counts from here). */
  receivedAt: string;
}

export interface EventSpool {
  /** Writes the events to one file and fsyncs it (and its folder) before resolving. */
  write(events: SpooledEvent[]): Promise<void>;
  /**
   * Hands every spooled file's events to `store`, oldest file first, and deletes a file once `store` resolved.
   * Stops at the first failure (PostgreSQL still down): that file and the later ones wait for the next call. A
   * file that does not parse is renamed `<name>.unreadable` and reported, and the replay goes on.
   * Returns how many events were stored.
   */
  replay(store: (events: SpooledEvent[]) => Promise<void>): Promise<number>;
}

const SUFFIX = '.jsonl';
/** A file claimed by a replay that never finished (its process died) is taken over after this long. */
const STALE_CLAIM_MS = 60_000;

/**
 * A folder of fsynced JSON-lines files, one per batch the database refused. Each process writes files of its
 * own; any process may replay any file (a replay claims a file by renaming it, and inserting a spooled event
 * twice changes nothing, since its id and dedupe key are fixed), so a file left by a dead process is replayed by
 * the next one to start.
 */
export function createEventSpool(
  dir: string,
  onUnreadable?: (file: string, error: unknown) => void,
): EventSpool {
  let isReady: Promise<void> | null = null;
  const ready = () => (isReady ??= mkdir(dir, { recursive: true }).then(() => undefined));

  return {
    async write(events) {
      await ready();
      // Written under a temporary name and renamed when complete: a replay never reads half a file.
      const name = `${Date.now().toString().padStart(15, '0')}-${randomUUID()}`;
      const partial = path.join(dir, `${name}.partial`);
      const file = await open(partial, 'wx');
      try {
        await file.writeFile(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(partial, path.join(dir, `${name}${SUFFIX}`));
      await syncFolder(dir);
    },

    async replay(store) {
      await ready();
      let stored = 0;
      for (const name of await claimableFiles(dir)) {
        const claimed = path.join(dir, `${name}.claimed-${process.pid}-${randomUUID()}`);
        try {
          await rename(path.join(dir, name), claimed);
        } catch {
          continue; // another process claimed it first
        }
        const original = name.replace(/\.claimed-.*$/, '');
        let events: SpooledEvent[];
        try {
          events = parseSpoolFile(await readFile(claimed, 'utf8'));
        } catch (error) {
          // Never half-written (files are renamed into place when complete), so this is damage: set it aside for
          // a person, rather than let one file hold back every later one for good.
          await rename(claimed, path.join(dir, `${original}.unreadable`));
          onUnreadable?.(original, error);
          continue;
        }
        try {
          await store(events);
        } catch (error) {
          // Put it back for the next replay.
          await rename(claimed, path.join(dir, original)).catch(() => undefined);
          throw error;
        }
        await unlink(claimed);
        stored += events.length;
      }
      return stored;
    },
  };
}

/** Complete files, oldest first, and claims older than STALE_CLAIM_MS (a replay that died). */
async function claimableFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  const result: string[] = [];
  for (const name of names) {
    if (name.endsWith(SUFFIX)) result.push(name);
    else if (name.includes(`${SUFFIX}.claimed-`)) {
      const age =
        Date.now() - (await stat(path.join(dir, name)).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_CLAIM_MS) result.push(name);
    }
  }
  return result;
}

function parseSpoolFile(text: string): SpooledEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SpooledEvent);
}

/** The rename is durable only once the folder's entry is on disk. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
