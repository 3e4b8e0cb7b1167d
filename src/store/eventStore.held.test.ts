import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../domain/events';
import { CHUNK_SIZE, storedEventOf } from './chunks';
import { openEventLogDb, type CommitRecord } from './db';
import { StreamSequenceError, UniqueConstraintError } from './errors';
import type { EventStore } from './eventStore';
import { holdHere } from './held';
import { closingTestStores, newEvent } from './testing';
import type { HeldEvents, PlacedEvent } from './types';

const store = closingTestStores();
let databases = 0;
const freshName = () => `held-${++databases}-${Math.random()}`;

/** Event `i` of a history where orders `o0`, `o1`, … get five events each. */
const cancelled = (i: number, prefix = 'h'): PlacedEvent => ({
  ...newEvent(`${prefix}-${i}`, {
    type: 'OrderCancelled',
    data: { order_id: `${prefix}-o${Math.floor(i / 5)}`, reason: `r${i}` },
  }),
  streamId: `order-${prefix}-o${Math.floor(i / 5)}`,
  streamVersion: (i % 5) + 1,
});
const history = (from: number, to: number, prefix = 'h'): PlacedEvent[] =>
  Array.from({ length: to - from }, (_, i) => cancelled(from + i, prefix));

async function allEvents(s: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of s.readAll()) out.push(...batch);
  return out;
}

/** Every commit record and the meta record, as stored: what "exactly as it was" compares. */
async function rawLog(name: string) {
  const db = openEventLogDb(name);
  try {
    return {
      meta: await db.meta.get('log'),
      records: (await db.commits.toArray()).map(({ first, last }) => [first, last]),
    };
  } finally {
    db.close();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return {
    promise,
    resolve: () => {
      resolve();
    },
  };
}

/** A held batch whose part `failing` fails once the parts before it have staged. */
function failingAt(held: HeldEvents, failing: number): HeldEvents {
  let staged: Promise<unknown> = Promise.resolve();
  return {
    ...held,
    parts: held.parts.map((part, i) => ({
      ...part,
      stage: (request) => {
        if (i !== failing) {
          const done = part.stage(request);
          staged = Promise.all([staged, done]);
          return done;
        }
        return staged.then(() => Promise.reject(new Error('The worker died.')));
      },
    })),
  };
}

describe('appendHeld', () => {
  it('writes a batch its parts stage, after an unsealed tail, as whole chunk records', async () => {
    const name = freshName();
    const s = await store(name);
    await s.appendPlaced(history(0, 10));
    const { meta: first } = await rawLog(name);
    const head = 3 * CHUNK_SIZE + 20;
    const batch = history(10, head);
    expect(await s.appendHeld(holdHere(batch, 3))).toEqual({
      written: batch.length,
      skipped: 0,
      head,
    });
    expect(s.head).toBe(head);
    expect(s.streamVersion(`order-h-o${(3 * CHUNK_SIZE) / 5}`)).toBe(5);
    const { meta, records } = await rawLog(name);
    // The log made by the first append, with its incarnation.
    expect(first?.incarnation).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta).toEqual({
      key: 'log',
      head,
      sealed: 3 * CHUNK_SIZE,
      incarnation: first?.incarnation,
    });
    expect(records).toEqual([
      [1, CHUNK_SIZE],
      [CHUNK_SIZE + 1, 2 * CHUNK_SIZE],
      [2 * CHUNK_SIZE + 1, 3 * CHUNK_SIZE],
      [3 * CHUNK_SIZE + 1, head],
    ]);
    const reopened = await store(name);
    const events = await allEvents(reopened);
    expect(events.map((e) => [e.position, e.id])).toEqual(
      history(0, head).map((e, i) => [i + 1, e.id]),
    );
    // The log goes on from there, with the first event of a new order.
    await reopened.append(`order-h-o${head / 5}`, [cancelled(head)], { expectedVersion: 0 });
    expect(await reopened.headPosition()).toBe(head + 1);
  });

  it('seals a tail that chunks of 1000 events left, even when it adds nothing', async () => {
    const name = freshName();
    const tail: CommitRecord = {
      first: 1,
      last: 700,
      minTime: '2026-01-01T10:00:00.000Z',
      maxTime: '2026-01-01T10:00:00.000Z',
      events: history(0, 700).map((event, i) => storedEventOf(event, i + 1)),
    };
    const db = openEventLogDb(name);
    await db.commits.add(tail);
    await db.meta.put({ key: 'log', head: 700, sealed: 0 });
    db.close();
    const s = await store(name);
    expect(await s.appendHeld(holdHere(history(0, 10)))).toEqual({
      written: 0,
      skipped: 10,
      head: 700,
    });
    const { meta, records } = await rawLog(name);
    // A log made before incarnations is given one by its first write.
    expect(meta?.incarnation).toMatch(/^[0-9a-f-]{36}$/);
    const sealed = Math.floor(700 / CHUNK_SIZE) * CHUNK_SIZE;
    expect(meta).toEqual({ key: 'log', head: 700, sealed, incarnation: meta?.incarnation });
    const chunks = Array.from({ length: sealed / CHUNK_SIZE }, (_, i) => [
      i * CHUNK_SIZE + 1,
      (i + 1) * CHUNK_SIZE,
    ]);
    expect(records).toEqual([...chunks, [sealed + 1, 700]]);
    expect((await allEvents(s)).map((event) => event.id)).toEqual(
      history(0, 700).map((event) => event.id),
    );
  });

  it('skips events stored with the same content, refuses versions that do not continue', async () => {
    const name = freshName();
    const s = await store(name);
    await s.appendPlaced(history(0, 7));
    expect(await s.appendHeld(holdHere(history(0, 1500), 2))).toEqual({
      written: 1493,
      skipped: 7,
      head: 1500,
    });
    const before = await rawLog(name);
    const gap = history(1500, 2600).filter((event) => event.id !== 'h-2001');
    await expect(s.appendHeld(holdHere(gap, 2))).rejects.toBeInstanceOf(StreamSequenceError);
    expect(await rawLog(name)).toEqual(before);
    expect(s.head).toBe(1500);
  });

  it('refuses an id used twice in the batch, as appendPlaced does, and writes nothing', async () => {
    const name = freshName();
    const s = await store(name);
    await s.appendPlaced(history(0, 5));
    const before = await rawLog(name);
    const twice = [...history(5, 1500), { ...cancelled(0, 'other'), id: 'h-700' }];
    await expect(s.appendHeld(holdHere(twice, 2))).rejects.toThrow(
      'Event h-700: it appears twice in the batch.',
    );
    await expect(s.appendPlaced(twice)).rejects.toThrow(
      'Event h-700: it appears twice in the batch.',
    );
    expect(await rawLog(name)).toEqual(before);
  });

  it('refuses a claim held by another owner and writes nothing', async () => {
    const name = freshName();
    const s = await store(name);
    const customer = (id: string, version = 1): PlacedEvent => ({
      ...newEvent(`e-${id}-${version}`, {
        type: 'CustomerRegistered',
        data: { customer_id: id, name: id, email: 'same@example.com' },
      }),
      streamId: `customer-${id}`,
      streamVersion: version,
    });
    await s.appendPlaced([customer('a')]);
    const before = await rawLog(name);
    await expect(
      s.appendHeld(holdHere([...history(0, 2500), customer('b')], 2)),
    ).rejects.toBeInstanceOf(UniqueConstraintError);
    expect(await rawLog(name)).toEqual(before);
  });

  it('leaves the log exactly as it was when a part fails after others staged, also reopened', async () => {
    const name = freshName();
    const s = await store(name);
    await s.appendPlaced(history(0, 1010));
    const before = await rawLog(name);
    const events = await allEvents(s);
    await expect(s.appendHeld(failingAt(holdHere(history(1010, 6010), 3), 2))).rejects.toThrow(
      'The worker died.',
    );
    expect(await rawLog(name)).toEqual(before);
    expect(s.head).toBe(1010);
    const reopened = await store(name);
    expect(await allEvents(reopened)).toEqual(events);
    expect(await rawLog(name)).toEqual(before);
    // And the same import goes through afterwards.
    expect(await reopened.appendHeld(holdHere(history(1010, 6010), 3))).toMatchObject({
      head: 6010,
    });
  });

  it('is not seen by readers until its last transaction, nor interleaved with appends', async () => {
    const name = freshName();
    const importer = await store(name);
    const otherTab = await store(name);
    await importer.appendPlaced(history(0, 5));
    const paused = deferred();
    const stagedOnce = deferred();
    const held = holdHere(history(5, 4 * CHUNK_SIZE + 5), 2);
    const importing = importer.appendHeld({
      ...held,
      parts: held.parts.map((part) => ({
        ...part,
        stage: async (request) => {
          const loose = await part.stage(request);
          stagedOnce.resolve();
          await paused.promise;
          return loose;
        },
      })),
    });
    await stagedOnce.promise;
    // Whole chunks are staged beyond the head: readers in another tab do not see them.
    expect((await rawLog(name)).records.length).toBeGreaterThan(1);
    expect(await otherTab.headPosition()).toBe(5);
    expect((await allEvents(otherTab)).map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(
      await otherTab.readByTime('2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z'),
    ).toHaveLength(5);
    // An append in the other tab waits for the import, then continues after it.
    const appending = otherTab.append('order-late', [cancelled(9999, 'late')], {
      expectedVersion: 'no_stream',
    });
    paused.resolve();
    expect(await importing).toMatchObject({ head: 4 * CHUNK_SIZE + 5 });
    expect((await appending).events[0]?.position).toBe(4 * CHUNK_SIZE + 6);
  });

  it('removes what a dead tab staged when the log is opened, or by the next append', async () => {
    const name = freshName();
    const s = await store(name);
    await s.appendPlaced(history(0, 5));
    const before = await rawLog(name);
    expect(before.meta?.incarnation).toMatch(/^[0-9a-f-]{36}$/);
    const events = await allEvents(s);
    s.close();
    /** What a tab that died while staging leaves: the mark, and a whole chunk beyond the head. */
    const dieWhileStaging = async () => {
      const db = openEventLogDb(name);
      await db.meta.update('log', { staging: true });
      db.close();
      const tail = await holdHere(history(5, 2 * CHUNK_SIZE)).parts[0]?.stage({
        database: name,
        firstPosition: 6,
        skip: [],
      });
      // Positions 6 to the end of the first chunk come back, to be written with the head.
      expect(tail).toHaveLength(CHUNK_SIZE - 5);
      expect((await rawLog(name)).records).toContainEqual([CHUNK_SIZE + 1, 2 * CHUNK_SIZE]);
    };
    await dieWhileStaging();
    const reopened = await store(name);
    expect(await rawLog(name)).toEqual(before);
    expect(await allEvents(reopened)).toEqual(events);

    await dieWhileStaging();
    await reopened.append('order-next', [cancelled(0, 'next')], { expectedVersion: 'no_stream' });
    const after = await rawLog(name);
    expect(after.meta).toEqual({
      key: 'log',
      head: 6,
      sealed: 0,
      incarnation: before.meta?.incarnation,
    });
    expect(after.records.every(([first]) => (first ?? 0) <= 6)).toBe(true);
  });

  it('stages nothing unless the log is marked as staging below those positions', async () => {
    const name = freshName();
    const s = await store(name);
    await s.appendPlaced(history(0, 5));
    const [part] = holdHere(history(5, 2100)).parts;
    await expect(part?.stage({ database: name, firstPosition: 6, skip: [] })).rejects.toThrow(
      /nothing more is staged/,
    );
    expect((await rawLog(name)).records).toEqual([[1, 5]]);
  });
});
