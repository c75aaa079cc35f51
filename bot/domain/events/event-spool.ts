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
   * Hands every spooled file's events to `store`, oldest file first, several whole files per call, and deletes
   * the files once `store` resolved. Stops at the first failure (PostgreSQL still down): those files and the
   * later ones wait for the next call. A
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
      const names = await claimableFiles(dir);
      while (names.length > 0) {
        // Several files per store: an outage leaves one file per refused batch (hundreds in a burst), and one
        // INSERT and one queueing each made the replay take seconds the spooled adds' welcomes did not have.
        const group: { claimed: string; original: string; events: SpooledEvent[] }[] = [];
        let count = 0;
        while (names.length > 0 && count < REPLAY_GROUP_EVENTS) {
          const name = names.shift()!;
          const file = await claim(dir, name, onUnreadable);
          if (!file) continue;
          group.push(file);
          count += file.events.length;
        }
        if (group.length === 0) continue;
        try {
          await store(group.flatMap((f) => f.events));
        } catch (error) {
          // Put them back for the next replay.
          for (const f of group) await rename(f.claimed, path.join(dir, f.original)).catch(() => undefined);
          throw error;
        }
        for (const f of group) await unlink(f.claimed);
        stored += count;
      }
      return stored;
    },
  };
}

/** Events handed to one store call at most (whole files: a file is stored, or put back, as one). */
const REPLAY_GROUP_EVENTS = 500;

/**
 * Claims a file by renaming it and reads it; null if another process claimed it first, or if it does not parse
 * (set aside as `<name>.unreadable` and reported: never half-written, since files are renamed into place when
 * complete, so this is damage for a person to look at, and one such file must not hold back every later one).
 */
async function claim(
  dir: string,
  name: string,
  onUnreadable?: (file: string, error: unknown) => void,
): Promise<{ claimed: string; original: string; events: SpooledEvent[] } | null> {
  const claimed = path.join(dir, `${name}.claimed-${process.pid}-${randomUUID()}`);
  try {
    await rename(path.join(dir, name), claimed);
  } catch {
    return null; // another process claimed it first
  }
  const original = name.replace(/\.claimed-.*$/, '');
  try {
    return { claimed, original, events: parseSpoolFile(await readFile(claimed, 'utf8')) };
  } catch (error) {
    await rename(claimed, path.join(dir, `${original}.unreadable`));
    onUnreadable?.(original, error);
    return null;
  }
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
