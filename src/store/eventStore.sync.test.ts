import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../domain/events';
import { CHUNK_SIZE, chunkStart, sealedChunkOf, storedEventOf } from './chunks';
import { toCloudEvent } from './cloudEvents';
import { openEventLogDb } from './db';
import { REBASING, TailMovedError, type EventStore } from './eventStore';
import { logInvariantProblems } from './logInvariants';
import { closingTestStores, newEvent, openTestStore } from './testing';
import type { PlacedEvent } from './types';

const store = closingTestStores();
let databases = 0;
const freshName = () => `sync-${++databases}-${Math.random()}`;

/** Event `i` of a history where orders `<prefix>-o0`, `<prefix>-o1`, … get five events each. */
const cancelled = (i: number, prefix: string): PlacedEvent => ({
  ...newEvent(`${prefix}-${i}`, {
    type: 'OrderCancelled',
    data: { order_id: `${prefix}-o${Math.floor(i / 5)}`, reason: `r${i}` },
  }),
  streamId: `order-${prefix}-o${Math.floor(i / 5)}`,
  streamVersion: (i % 5) + 1,
});
const history = (from: number, to: number, prefix: string): PlacedEvent[] =>
  Array.from({ length: to - from }, (_, i) => cancelled(from + i, prefix));

async function allEvents(s: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of s.readAll()) out.push(...batch);
  return out;
}

const ids = (events: readonly { id: string }[]) => events.map((event) => event.id);

async function problemsOf(name: string): Promise<string[]> {
  const db = openEventLogDb(name);
  try {
    return await logInvariantProblems(db);
  } finally {
    db.close();
  }
}

/** A store whose log holds `local` events, of which the first `confirmed` are the server's. */
async function syncing(name: string, local: PlacedEvent[], confirmed: number) {
  const s = await store(name);
  if (local.length > 0) await s.appendPlaced(local);
  expect(await s.beginSync()).toBe(true);
  if (confirmed > 0)
    await s.acceptServerEvents(local.slice(0, confirmed), { after: 0, expectedHead: local.length });
  expect(s.confirmed).toBe(confirmed);
  return s;
}

describe('acceptServerEvents', () => {
  it('confirms pending events the server repeats in order, and writes nothing again', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 3, 'a'), 0);
    const heard = vi.fn();
    s.subscribe(heard);

    const outcome = await s.acceptServerEvents(history(0, 2, 'a'), { after: 0, expectedHead: 3 });

    expect(outcome).toEqual({ confirmed: 2, taken: [] });
    expect(heard).not.toHaveBeenCalled();
    expect(ids(await allEvents(s))).toEqual(['a-0', 'a-1', 'a-2']);
    const db = openEventLogDb(name);
    expect((await db.meta.get('log'))?.rewrites).toBeUndefined();
    db.close();
  });

  it('puts the server’s events first, in a sealed chunk’s middle, and keeps the pending ones taken out', async () => {
    const name = freshName();
    const local = history(0, 1200, 'a');
    const s = await syncing(name, local, 700);
    const server = history(0, 300, 'b');
    const heard = vi.fn();
    s.subscribe(heard);

    const outcome = await s.acceptServerEvents(server, { after: 700, expectedHead: 1200 });

    expect(outcome.confirmed).toBe(1000);
    expect(ids(outcome.taken)).toEqual(ids(local.slice(700)));
    expect(ids(await allEvents(s))).toEqual([...ids(local.slice(0, 700)), ...ids(server)]);
    expect(await s.readSyncRecord(REBASING)).toEqual(outcome.taken);
    expect(heard).toHaveBeenCalledOnce();
    const [events, rewrittenFrom] = heard.mock.calls[0] as [StoredEvent[], number];
    expect(rewrittenFrom).toBe(701);
    expect(events.map((event) => event.position)).toEqual(
      Array.from({ length: 300 }, (_, i) => 701 + i),
    );
    expect(await problemsOf(name)).toEqual([]);
    // The index forgot the tail: its streams continue from the versions at position 700, and
    // the ids taken out may be written again.
    expect(s.streamVersion('order-a-o140')).toBe(0);
    expect(s.streamVersion('order-a-o139')).toBe(5);
    expect(s.mightBeStored('b-299')).toBe(true);
    await s.appendPlaced(local.slice(700, 705));
    expect(s.head).toBe(1005);
    // A tab opened afterwards reads the same log.
    const later = await store(name);
    expect(ids(await allEvents(later))).toEqual(ids(await allEvents(s)));
    expect(later.confirmed).toBe(1000);
  });

  it('confirms a pending event the server’s events include, and takes out only the rest', async () => {
    const name = freshName();
    const [mine, other] = [cancelled(0, 'a'), cancelled(5, 'a')];
    const s = await syncing(name, [mine, other], 0);
    const theirs = history(0, 1, 'b');

    const outcome = await s.acceptServerEvents([...theirs, other], { after: 0, expectedHead: 2 });

    expect(outcome.confirmed).toBe(2);
    expect(ids(outcome.taken)).toEqual(['a-0']);
    expect(ids(await allEvents(s))).toEqual(['b-0', 'a-5']);
  });

  it('refuses when the log moved on or is confirmed elsewhere, and leaves it as it was', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 4, 'a'), 1);
    const before = await allEvents(s);

    await expect(
      s.acceptServerEvents(history(0, 1, 'b'), { after: 1, expectedHead: 3 }),
    ).rejects.toBeInstanceOf(TailMovedError);
    await expect(
      s.acceptServerEvents(history(0, 1, 'b'), { after: 0, expectedHead: 4 }),
    ).rejects.toBeInstanceOf(TailMovedError);
    // Another tab wrote after this one looked.
    const other = await store(name);
    await other.appendPlaced(history(4, 5, 'a'));
    await expect(
      s.acceptServerEvents(history(0, 1, 'b'), { after: 1, expectedHead: 4 }),
    ).rejects.toBeInstanceOf(TailMovedError);

    expect(await allEvents(other)).toEqual([...before, ...(await other.readRange(5, 5))]);
    await s.catchUp();
    expect(s.streamVersion('order-a-o0')).toBe(5);
    expect(await s.readSyncRecord(REBASING)).toBeUndefined();
  });

  it('refuses server events that break a stream or repeat a stored id, and writes nothing', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 3, 'a'), 2);
    const gap = { ...(history(0, 1, 'b')[0] as PlacedEvent), streamVersion: 2 };
    const repeated = { ...(history(0, 1, 'a')[0] as PlacedEvent), streamId: 'order-x' };

    await expect(s.acceptServerEvents([gap], { after: 2, expectedHead: 3 })).rejects.toThrow(
      'versions must continue',
    );
    await expect(
      s.acceptServerEvents([{ ...repeated, streamVersion: 1 }], { after: 2, expectedHead: 3 }),
    ).rejects.toThrow('is stored before position 3');

    expect(ids(await allEvents(s))).toEqual(['a-0', 'a-1', 'a-2']);
    expect(s.streamVersion('order-a-o0')).toBe(3);
    expect(s.confirmed).toBe(2);
    expect(await problemsOf(name)).toEqual([]);
  });

  it('removes the snapshots of the tail it takes out, and keeps those before it', async () => {
    const name = freshName();
    const s = await store(name);
    await s.appendPlaced(history(0, 10, 'a'));
    expect(await s.writeSnapshot(10, [])).toBe('written');
    await s.beginSync();
    await s.acceptServerEvents(history(0, 5, 'a'), { after: 0, expectedHead: 10 });

    await s.acceptServerEvents(history(0, 2, 'b'), { after: 5, expectedHead: 10 });

    const db = openEventLogDb(name);
    expect(await db.snapshots.count()).toBe(0);
    expect(await db.snapshotParts.count()).toBe(0);
    db.close();
    // A store restored from the removed snapshot would have an index that cannot go back.
    const reopened = new (s.constructor as typeof EventStore)({ name });
    await reopened.open({ restore: () => true });
    expect(reopened.head).toBe(7);
    reopened.close();
  });

  it('takes an index restored from a snapshot back further than it reaches', async () => {
    const name = freshName();
    const first = await store(name);
    await first.appendPlaced(history(0, 10, 'a'));
    expect(await first.writeSnapshot(10, [])).toBe('written');
    first.close();
    const s = new (first.constructor as typeof EventStore)({ name });
    let restoredAt = 0;
    await s.open({
      restore: ({ position }) => {
        restoredAt = position;
        return true;
      },
    });
    expect(restoredAt).toBe(10);
    await s.beginSync();

    const outcome = await s.acceptServerEvents(history(0, 2, 'b'), {
      after: 0,
      expectedHead: 10,
    });

    expect(outcome.taken).toHaveLength(10);
    expect(ids(await allEvents(s))).toEqual(['b-0', 'b-1']);
    expect(s.streamVersion('order-a-o0')).toBe(0);
    s.close();
  });
});

describe('pending events the server confirms as recorded by another source', () => {
  it('are kept as the server has them, and the pending events after them stay as they are', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 3, 'a'), 0);
    const heard = vi.fn();
    s.subscribe(heard);
    // The server stamps the source of the device that pushed them.
    const stamped = history(0, 2, 'a').map((event) => ({
      ...event,
      metadata: { ...event.metadata, source: 'urn:uuid:device' },
    }));

    const outcome = await s.acceptServerEvents(stamped, { after: 0, expectedHead: 3 });

    expect(outcome).toEqual({ confirmed: 2, taken: [] });
    const events = await allEvents(s);
    expect(ids(events)).toEqual(['a-0', 'a-1', 'a-2']);
    expect(events.map((event) => event.metadata.source)).toEqual([
      'urn:uuid:device',
      'urn:uuid:device',
      'urn:uuid:test',
    ]);
    expect([s.confirmed, s.head]).toEqual([2, 3]);
    expect(heard).toHaveBeenCalledWith(events, 1);
    expect(await problemsOf(name)).toEqual([]);
  });
});

describe('server events after a confirmed tail', () => {
  it('follow at the head: nothing is taken back, and listeners hear a plain append', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 4, 'a'), 4);
    const heard: [string[], number | undefined][] = [];
    s.subscribe((events, from) => heard.push([ids(events), from]));

    const outcome = await s.acceptServerEvents(history(0, 3, 'b'), { after: 4, expectedHead: 4 });

    expect(outcome).toEqual({ confirmed: 7, taken: [] });
    expect(heard).toEqual([[['b-0', 'b-1', 'b-2'], undefined]]);
    expect(await s.readSyncRecord(REBASING)).toBeUndefined();
    expect(await problemsOf(name)).toEqual([]);
  });
});

describe('server events given with their texts', () => {
  it('keep those bytes in the whole chunks they fill, and are serialized where they do not', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 300, 'a'), 300);
    const incoming = history(0, 1200, 'b');
    // The server's JSON, told apart from this app's by its white space.
    const texts = incoming.map((event, i) =>
      JSON.stringify(toCloudEvent(storedEventOf(event, 301 + i)), null, 1),
    );
    const encoder = new TextEncoder();
    const pieces = texts.map((text) => encoder.encode(text.slice(0, -1)));
    const bytes = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
    const spans = new Uint32Array(2 * pieces.length);
    let at = 0;
    pieces.forEach((piece, i) => {
      bytes.set(piece, at);
      spans[2 * i] = at;
      at += piece.length;
      spans[2 * i + 1] = at;
    });

    await s.acceptServerEvents(incoming, {
      after: 300,
      expectedHead: 300,
      texts: { first: 301, bytes, spans, closing: encoder.encode('}') },
    });

    const db = openEventLogDb(name);
    const textOf = async (first: number) => {
      const record = await db.commits.get(first);
      return record && 'cloudEvents' in record
        ? new TextDecoder().decode(record.cloudEvents)
        : undefined;
    };
    // The chunk of position 301 mixes the log's tail with the server's first events: serialized.
    const mixed = chunkStart(301);
    expect(await textOf(mixed)).toBe(
      JSON.stringify((await s.readRange(mixed, mixed + CHUNK_SIZE - 1)).map(toCloudEvent)),
    );
    // The whole chunks after it, up to the head (1500), keep the server's texts.
    for (let first = mixed + CHUNK_SIZE; first < 1500; first += CHUNK_SIZE)
      expect(await textOf(first)).toBe(
        `[${texts.slice(first - 301, first - 301 + CHUNK_SIZE).join(',')}]`,
      );
    db.close();
    expect(ids(await allEvents(s))).toEqual(ids([...history(0, 300, 'a'), ...incoming]));
    expect(await s.readRange(501, 501)).toEqual([storedEventOf(incoming[200] as PlacedEvent, 501)]);
    expect(await problemsOf(name)).toEqual([]);
  });
});

describe('a log sealed in chunks of 500 events, the size before, written again inside one', () => {
  it('keeps what comes before the cut in chunks of the size now, and seals the rest as it grows', async () => {
    const name = freshName();
    const earlierSize = 500;
    const local = history(0, 2 * earlierSize, 'a');
    const db = openEventLogDb(name);
    const stored = local.map((event, i) => storedEventOf(event, i + 1));
    await db.commits.bulkAdd([
      sealedChunkOf(stored.slice(0, earlierSize)),
      sealedChunkOf(stored.slice(earlierSize)),
    ]);
    await db.meta.put({
      key: 'log',
      head: stored.length,
      sealed: stored.length,
      incarnation: 'earlier',
    });
    db.close();
    const s = await syncing(name, [], 0);
    // Confirmed up to 300, in the second half of the first chunk; the server then differs.
    await s.acceptServerEvents(local.slice(0, 300), { after: 0, expectedHead: 1000 });
    const server = history(0, 50, 'b');
    const { taken } = await s.acceptServerEvents(server, { after: 300, expectedHead: 1000 });
    expect(ids(taken)).toEqual(ids(local.slice(300)));
    const rebased = history(50, 350, 'b');
    await s.appendPlaced(rebased);

    expect(ids(await allEvents(s))).toEqual(ids([...local.slice(0, 300), ...server, ...rebased]));
    expect(await problemsOf(name)).toEqual([]);
    const check = openEventLogDb(name);
    const bounds = (await check.commits.toArray()).map((record) => [record.first, record.last]);
    check.close();
    expect(bounds).toEqual([
      [1, 250],
      [251, 500],
      [501, 650],
    ]);
  });
});

describe('withdrawing the pending tail', () => {
  it('takes every pending event out for deciding again, though the server sent nothing', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 7, 'a'), 3);

    const outcome = await s.acceptServerEvents([], { after: 3, expectedHead: 7, withdraw: true });

    expect(ids(outcome.taken)).toEqual(['a-3', 'a-4', 'a-5', 'a-6']);
    expect(ids(await allEvents(s))).toEqual(['a-0', 'a-1', 'a-2']);
    expect(ids((await s.readSyncRecord(REBASING)) as StoredEvent[])).toEqual(ids(outcome.taken));
    expect(s.confirmed).toBe(3);
    expect(await problemsOf(name)).toEqual([]);
  });

  it('changes nothing without it when the server sent nothing', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 5, 'a'), 2);

    const outcome = await s.acceptServerEvents([], { after: 2, expectedHead: 5 });

    expect(outcome.taken).toEqual([]);
    expect(ids(await allEvents(s))).toHaveLength(5);
  });
});

describe('another tab on a log whose tail was written again', () => {
  it('takes back its tail and reads the new one, when it next catches up', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 8, 'a'), 3);
    const other = await store(name);
    await other.catchUp();
    const heard = vi.fn();
    other.subscribe(heard);

    await s.acceptServerEvents(history(0, 4, 'b'), { after: 3, expectedHead: 8 });
    await other.catchUp();

    expect(heard).toHaveBeenCalledOnce();
    const [events, rewrittenFrom] = heard.mock.calls[0] as [StoredEvent[], number];
    expect(rewrittenFrom).toBe(4);
    expect(ids(events)).toEqual(['b-0', 'b-1', 'b-2', 'b-3']);
    expect(other.head).toBe(7);
    expect(other.confirmed).toBe(7);
    expect(other.streamVersion('order-a-o1')).toBe(0);
    expect(other.streamVersion('order-b-o0')).toBe(4);
    // It writes after the new tail, at the right versions.
    await other.appendPlaced(
      history(3, 5, 'a').map((event, i) => ({ ...event, streamVersion: 4 + i })),
    );
    expect(ids(await allEvents(s))).toEqual([
      ...ids(history(0, 3, 'a')),
      'b-0',
      'b-1',
      'b-2',
      'b-3',
      'a-3',
      'a-4',
    ]);
  });

  it('follows a rewrite it learns of inside its own append', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 6, 'a'), 2);
    const other = await store(name);
    await other.catchUp();
    const heard: [string[], number | undefined][] = [];
    other.subscribe((events, from) => heard.push([ids(events), from]));
    await s.acceptServerEvents(history(0, 1, 'b'), { after: 2, expectedHead: 6 });

    await other.appendPlaced(history(0, 1, 'c'));

    expect(heard).toEqual([
      [['b-0'], 3],
      [['c-0'], undefined],
    ]);
    expect(ids(await allEvents(other))).toEqual(['a-0', 'a-1', 'b-0', 'c-0']);
  });
});

describe('a stream read while another tab writes the tail again', () => {
  it('is the stream as the log holds it, not events of another stream at its old positions', async () => {
    const onOrder = (id: string, order: string, version: number): PlacedEvent => ({
      ...newEvent(id, { type: 'OrderCancelled', data: { order_id: order, reason: id } }),
      streamId: `order-${order}`,
      streamVersion: version,
    });
    const name = freshName();
    // Order o1's first event is confirmed; this tab's second event on it is pending.
    const syncingTab = await syncing(name, [onOrder('first', 'o1', 1)], 1);
    await syncingTab.appendPlaced([onOrder('mine', 'o1', 2)]);
    const other = await store(name);
    expect(ids(await other.readStream('order-o1'))).toEqual(['first', 'mine']);

    // The server's events came first: one on o2, at the pending event's position, then o1's.
    await syncingTab.acceptServerEvents([onOrder('theirs', 'o2', 1), onOrder('also', 'o1', 2)], {
      after: 1,
      expectedHead: 2,
    });
    // Read before the other tab heard of it: its index still has o1 at positions 1 and 2.
    const read = await other.readStream('order-o1');

    expect(ids(read)).toEqual(['first', 'also']);
  });
});

describe('beginSync', () => {
  it('keeps its records with the log, and on a log that syncs already writes nothing', async () => {
    const name = freshName();
    const first = await store(name);
    const second = await store(name);

    expect(await first.beginSync({ connection: 'desk one' })).toBe(true);
    expect(await second.beginSync({ connection: 'desk two' })).toBe(false);

    expect(second.confirmed).toBe(0);
    expect(await second.readSyncRecord('connection')).toBe('desk one');
  });
});

describe('changeSyncRecord', () => {
  it('changes what is stored, not what a tab last read: two tabs’ changes both stay', async () => {
    const name = freshName();
    const one = await store(name);
    const other = await store(name);
    const add = (item: string) => (stored: unknown) => [...((stored ?? []) as string[]), item];

    await Promise.all([
      one.changeSyncRecord('attention', add('a')),
      other.changeSyncRecord('attention', add('b')),
    ]);

    expect([...((await one.readSyncRecord('attention')) as string[])].sort()).toEqual(['a', 'b']);
    expect(await other.changeSyncRecord('attention', () => undefined)).toBeUndefined();
    expect(await one.readSyncRecord('attention')).toBeUndefined();
  });
});

describe('endSync', () => {
  it('makes the whole log this device’s again and forgets the sync’s records', async () => {
    const name = freshName();
    const s = await syncing(name, history(0, 4, 'a'), 2);
    await s.writeSyncRecord('connection', { server: 'http://127.0.0.1:1' });

    await s.endSync();

    expect(s.confirmed).toBeUndefined();
    expect(await s.readSyncRecord('connection')).toBeUndefined();
    const later = await openTestStore(name);
    expect(later.confirmed).toBeUndefined();
    expect(later.head).toBe(4);
    later.close();
  });
});

describe('a log synced in random steps', () => {
  it('is the server’s events up to the confirmed position, then the pending ones in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }),
        fc.array(
          fc.record({
            local: fc.integer({ min: 0, max: 4 }),
            server: fc.integer({ min: 0, max: 4 }),
            own: fc.integer({ min: 0, max: 4 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (start, steps) => {
          const name = freshName();
          const s = await openTestStore(name);
          try {
            // Every event of the device and of the other device on a stream of its own.
            let made = 0;
            const mine = (): PlacedEvent => ({ ...cancelled(made++ * 5, 'a'), streamVersion: 1 });
            const first = Array.from({ length: start }, mine);
            if (first.length > 0) await s.appendPlaced(first);
            await s.beginSync();
            // What the server has, and what this device decided and did not see confirmed.
            const serverLog: PlacedEvent[] = [];
            let pending = first;
            let theirs = 0;
            const versions = new Map<string, number>();
            const place = (event: PlacedEvent): PlacedEvent => {
              const version = (versions.get(event.streamId) ?? 0) + 1;
              versions.set(event.streamId, version);
              return { ...event, streamVersion: version };
            };
            for (const step of steps) {
              // The device decides more on its own (one stream per event, never on the server).
              const decided = Array.from({ length: step.local }, mine);
              if (decided.length > 0) await s.appendPlaced(decided);
              pending = [...pending, ...decided];
              // The server takes some of them (in order), with another device's in between.
              const arriving: PlacedEvent[] = [];
              for (let i = 0; i < step.server; i++)
                arriving.push(place({ ...cancelled(theirs++ * 5, 'b'), streamVersion: 1 }));
              const own = pending.slice(0, step.own);
              arriving.splice(Math.min(1, arriving.length), 0, ...own.map(place));
              const after = s.confirmed ?? 0;
              const { taken } = await s.acceptServerEvents(arriving, {
                after,
                expectedHead: s.head,
              });
              serverLog.push(...arriving);
              const confirmedIds = new Set(ids(arriving));
              const left = pending.filter((event) => !confirmedIds.has(event.id));
              // What was taken out is decided again: here, appended as it was.
              const rebased = taken.map((event) => ({ ...event, streamVersion: 1 }));
              if (rebased.length > 0) {
                await s.appendPlaced(rebased);
                await s.writeSyncRecord(REBASING, undefined);
              }
              pending = [...left.filter((event) => !ids(taken).includes(event.id)), ...rebased];
              expect(s.confirmed).toBe(serverLog.length);
              expect(ids(await allEvents(s))).toEqual([...ids(serverLog), ...ids(pending)]);
            }
            expect(await problemsOf(name)).toEqual([]);
          } finally {
            s.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
