import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type SpooledEvent, createEventSpool } from '../../bot/domain/events/event-spool';

const event = (n: number): SpooledEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  key: `evt:${n}`,
  fields: { Event: 'change_external_contact' },
  rawXml: '<xml/>',
  receivedAt: new Date(1_780_000_000_000 + n).toISOString(),
});

describe('the callback spool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'spool-test-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('replays files oldest first, several in one store, deletes them once stored, and keeps them when storing fails', async () => {
    const spool = createEventSpool(dir);
    await spool.write([event(1), event(2)]);
    await spool.write([event(3)]);
    const failing = jest.fn(() => Promise.reject(new Error('PostgreSQL still down')));
    await expect(spool.replay(failing)).rejects.toThrow('still down');
    expect((await readdir(dir)).filter((f) => f.endsWith('.jsonl'))).toHaveLength(2);

    const stored: SpooledEvent[][] = [];
    expect(await spool.replay((events) => Promise.resolve(void stored.push(events)))).toBe(3);
    // One store for both files: an outage leaves a file per refused batch, hundreds in a burst.
    expect(stored.map((batch) => batch.map((e) => e.key))).toEqual([['evt:1', 'evt:2', 'evt:3']]);
    expect(stored[0]![0]).toEqual(event(1));
    expect(await readdir(dir)).toEqual([]);
  });

  it('sets an unreadable file aside and replays the files after it', async () => {
    const unreadable: string[] = [];
    const spool = createEventSpool(dir, (file) => unreadable.push(file));
    await writeFile(path.join(dir, '000000000000001-broken.jsonl'), '{"id": \n');
    await spool.write([event(4)]);
    const stored: string[] = [];
    expect(
      await spool.replay((events) => Promise.resolve(void stored.push(...events.map((e) => e.key)))),
    ).toBe(1);
    expect(stored).toEqual(['evt:4']);
    expect(unreadable).toEqual(['000000000000001-broken.jsonl']);
    expect(await readdir(dir)).toEqual(['000000000000001-broken.jsonl.unreadable']);
  });

  it('stores whole files, at most about 500 events a store', async () => {
    const spool = createEventSpool(dir);
    for (let f = 0; f < 3; f += 1)
      await spool.write(Array.from({ length: 300 }, (_, i) => event(f * 300 + i)));
    const sizes: number[] = [];
    expect(await spool.replay((events) => Promise.resolve(void sizes.push(events.length)))).toBe(900);
    expect(sizes).toEqual([600, 300]);
  });
});
