import { describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../domain/events';
import { CHUNK_SIZE, sealedChunkOf, storedEventOf, toRecord } from './chunks';
import { openEventLogDb, type CommitRecord, type EventLogDb } from './db';
import { EventStore } from './eventStore';
import {
  ConcurrencyError,
  IdempotencyError,
  StreamSequenceError,
  UniqueConstraintError,
} from './errors';
import { logInvariantProblems } from './logInvariants';
import { newEvent, closingTestStores } from './testing';
import type { PlacedEvent } from './types';

const store = closingTestStores();

const registered = (id: string, email = `${id}@example.com`) =>
  newEvent(`ev-${id}`, {
    type: 'CustomerRegistered',
    data: { customer_id: id, name: `Customer ${id}`, email },
  });
const delivered = (eventId: string, orderId: string) =>
  newEvent(eventId, { type: 'OrderDelivered', data: { order_id: orderId } });

const placed = (id: string, orderId: string, version: number): PlacedEvent => ({
  ...delivered(id, orderId),
  streamId: `order-${orderId}`,
  streamVersion: version,
});

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function allEvents(s: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const batch of s.readAll()) out.push(...batch);
  return out;
}

describe('an empty log', () => {
  it('appends to a new stream with no_stream, numbering positions and versions from 1', async () => {
    const s = await store();
    const result = await s.append('customer-a', [registered('a')], {
      expectedVersion: 'no_stream',
    });
    expect(result.duplicate).toBe(false);
    expect(result.streamVersion).toBe(1);
    expect(result.events.map((e) => [e.position, e.streamVersion, e.dataVersion])).toEqual([
      [1, 1, 1],
    ]);
    expect(await s.headPosition()).toBe(1);
  });

  it('reads nothing', async () => {
    const s = await store();
    expect(await allEvents(s)).toEqual([]);
    expect(await s.readStream('order-x')).toEqual([]);
    expect(s.head).toBe(0);
  });
});

describe('a log with streams', () => {
  it('keeps positions contiguous across streams and versions contiguous within each', async () => {
    const s = await store();
    await s.append('order-1', [delivered('e1', '1'), delivered('e2', '1')], {
      expectedVersion: 'no_stream',
    });
    await s.append('order-2', [delivered('e3', '2')], { expectedVersion: 'no_stream' });
    await s.append('order-1', [delivered('e4', '1')], { expectedVersion: 2 });
    const events = await allEvents(s);
    expect(events.map((e) => [e.position, e.streamId, e.streamVersion])).toEqual([
      [1, 'order-1', 1],
      [2, 'order-1', 2],
      [3, 'order-2', 1],
      [4, 'order-1', 3],
    ]);
    expect(
      (await s.readStream('order-1', { fromVersion: 2, toVersion: 3 })).map((e) => e.id),
    ).toEqual(['e2', 'e4']);
  });

  it('refuses a stale expected version and writes nothing', async () => {
    const s = await store();
    await s.append('order-1', [delivered('e1', '1')], { expectedVersion: 'no_stream' });
    await expect(
      s.append('order-1', [delivered('e2', '1')], { expectedVersion: 0 }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(
      s.append('order-1', [delivered('e3', '1')], { expectedVersion: 'no_stream' }),
    ).rejects.toThrow(/version 1/);
    expect(await s.headPosition()).toBe(1);
    expect(s.streamVersion('order-1')).toBe(1);
  });

  it('accepts any version with "any"', async () => {
    const s = await store();
    await s.append('order-1', [delivered('e1', '1')], { expectedVersion: 'any' });
    const result = await s.append('order-1', [delivered('e2', '1')], { expectedVersion: 'any' });
    expect(result.streamVersion).toBe(2);
  });

  it('treats the same ids with the same content as an idempotent retry', async () => {
    const s = await store();
    const events = [delivered('e1', '1'), delivered('e2', '1')];
    await s.append('order-1', events, { expectedVersion: 'no_stream' });
    const retry = await s.append('order-1', events, { expectedVersion: 'no_stream' });
    expect(retry.duplicate).toBe(true);
    expect(retry.events.map((e) => e.position)).toEqual([1, 2]);
    expect(await s.headPosition()).toBe(2);
  });

  it('refuses a known id with other content, and a batch mixing stored and new ids', async () => {
    const s = await store();
    await s.append('order-1', [delivered('e1', '1')], { expectedVersion: 'no_stream' });
    await expect(
      s.append('order-2', [delivered('e1', '2')], { expectedVersion: 'any' }),
    ).rejects.toBeInstanceOf(IdempotencyError);
    await expect(
      s.append('order-1', [delivered('e1', '1'), delivered('e9', '1')], { expectedVersion: 'any' }),
    ).rejects.toBeInstanceOf(IdempotencyError);
    expect(await s.headPosition()).toBe(1);
  });

  it('writes a multi-event append all or nothing', async () => {
    const s = await store();
    await s.append('customer-a', [registered('a', 'taken@example.com')], {
      expectedVersion: 'no_stream',
    });
    const changeThenClash = [
      newEvent('x1', {
        type: 'CustomerRegistered',
        data: { customer_id: 'b', name: 'B', email: 'b@example.com' },
      }),
      newEvent('x2', {
        type: 'CustomerDetailsChanged',
        data: { customer_id: 'b', email: 'TAKEN@example.com' },
      }),
    ];
    await expect(
      s.append('customer-b', changeThenClash, { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(UniqueConstraintError);
    const repeatedId = [delivered('y1', '1'), delivered('y1', '1')];
    await expect(
      s.append('order-1', repeatedId, { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(IdempotencyError);
    expect(await s.headPosition()).toBe(1);
    expect(s.streamVersion('customer-b')).toBe(0);
    expect((await allEvents(s)).map((e) => e.id)).toEqual(['ev-a']);
  });
});

describe('unique emails', () => {
  it('refuses an email another customer holds, case-insensitively, and frees it when changed', async () => {
    const s = await store();
    await s.append('customer-a', [registered('a', 'Ada@Example.com')], {
      expectedVersion: 'no_stream',
    });
    await expect(
      s.append('customer-b', [registered('b', 'ada@example.COM')], {
        expectedVersion: 'no_stream',
      }),
    ).rejects.toBeInstanceOf(UniqueConstraintError);
    await s.append(
      'customer-a',
      [
        newEvent('c1', {
          type: 'CustomerDetailsChanged',
          data: { customer_id: 'a', email: 'new@example.com' },
        }),
      ],
      { expectedVersion: 1 },
    );
    await s.append('customer-b', [registered('b', 'ada@example.com')], {
      expectedVersion: 'no_stream',
    });
    expect(s.uniqueOwner('email', 'ada@example.com')).toBe('b');
    expect(s.uniqueOwner('email', 'new@example.com')).toBe('a');
  });
});

describe('emails recorded before the rule of today', () => {
  /**
   * A log written when emails were only lower-cased: straße and STRASSE were two addresses. Under
   * case folding they are one, and the customer who recorded it last holds it.
   */
  async function legacyLog(): Promise<EventStore> {
    const name = `legacy-emails-${Math.random()}`;
    const legacy = [
      registered('a', 'straße@example.de'),
      registered('b', 'STRASSE@example.de'),
    ].map((event, i) =>
      storedEventOf(
        { ...event, streamId: `customer-${event.data.customer_id}`, streamVersion: 1 },
        i + 1,
      ),
    );
    const db = openEventLogDb(name);
    await db.commits.add(toRecord(legacy));
    await db.meta.put({ key: 'log', head: legacy.length, sealed: 0 });
    db.close();
    return store(name);
  }
  const changeEmail = (eventId: string, customerId: string, email: string): PlacedEvent => ({
    ...newEvent(eventId, {
      type: 'CustomerDetailsChanged',
      data: { customer_id: customerId, email },
    }),
    streamId: `customer-${customerId}`,
    streamVersion: 2,
  });
  const registering = (id: string, email: string): PlacedEvent => ({
    ...registered(id, email),
    streamId: `customer-${id}`,
    streamVersion: 1,
  });

  it('opens such a log, the shared address held by the customer who recorded it last', async () => {
    const s = await legacyLog();
    expect(s.uniqueOwner('email', 'strasse@example.de')).toBe('b');
  });

  it('keeps the holder’s claim when the other customer moves to a new address', async () => {
    const s = await legacyLog();
    await s.appendPlaced([changeEmail('a2', 'a', 'anna@example.de')]);
    expect(s.uniqueOwner('email', 'strasse@example.de')).toBe('b');
    await expect(s.appendPlaced([registering('c', 'Strasse@example.de')])).rejects.toBeInstanceOf(
      UniqueConstraintError,
    );
  });

  it('keeps it within one batch too', async () => {
    const s = await legacyLog();
    await expect(
      s.appendPlaced([
        changeEmail('a2', 'a', 'anna@example.de'),
        registering('c', 'Strasse@example.de'),
      ]),
    ).rejects.toBeInstanceOf(UniqueConstraintError);
  });
});

describe('a log longer than a chunk', () => {
  it('compacts commits into chunks and reads back every event in order after reopening', async () => {
    const name = `chunks-${Math.random()}`;
    const s = await store(name);
    const total = CHUNK_SIZE * 2 + 7;
    for (let i = 1; i <= total; i += 3) {
      const batch = [i, i + 1, i + 2]
        .filter((n) => n <= total)
        .map((n) => delivered(`e${n}`, `${n % 5}`));
      for (const event of batch)
        await s.append(`order-${event.data.order_id}`, [event], { expectedVersion: 'any' });
    }
    const reopened = await store(name);
    const events = await allEvents(reopened);
    expect(events.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(reopened.head).toBe(total);
    expect(reopened.streamVersion('order-0')).toBe(Math.floor(total / 5));
    const stream = await reopened.readStream('order-3');
    expect(stream.map((e) => e.streamVersion)).toEqual(stream.map((_, i) => i + 1));
    expect(stream.every((e) => e.streamId === 'order-3')).toBe(true);
    const middle = await reopened.readRange(CHUNK_SIZE - 2, CHUNK_SIZE + 2);
    expect(middle.map((e) => e.position)).toEqual(range(CHUNK_SIZE - 2, CHUNK_SIZE + 2));
    // Inside one chunk, a whole chunk, and inside the unsealed tail of small commits.
    const positions = async (from: number, to: number) =>
      (await reopened.readRange(from, to)).map((e) => e.position);
    const inside = CHUNK_SIZE + CHUNK_SIZE / 2;
    expect(await positions(inside, inside + 4)).toEqual(range(inside, inside + 4));
    expect(await positions(CHUNK_SIZE + 1, CHUNK_SIZE * 2)).toEqual(
      range(CHUNK_SIZE + 1, CHUNK_SIZE * 2),
    );
    expect(await positions(CHUNK_SIZE * 2 + 2, total)).toEqual(range(CHUNK_SIZE * 2 + 2, total));
    expect(await positions(CHUNK_SIZE * 2 + 1, total + 5)).toEqual(
      range(CHUNK_SIZE * 2 + 1, total),
    );
    const partial: number[] = [];
    for await (const batch of reopened.readAll({ fromPosition: inside, toPosition: inside + 4 }))
      partial.push(...batch.map((e) => e.position));
    expect(partial).toEqual(range(inside, inside + 4));
  });

  it('reads a range inside a chunk the same before the database is open as after', async () => {
    const name = `unopened-${Math.random()}`;
    const s = await store(name);
    await s.appendPlaced(
      Array.from({ length: CHUNK_SIZE + 3 }, (_, i) => placed(`u${i}`, `u${i}`, 1)),
    );
    const expected = await s.readRange(10, 20);
    expect(expected.map((e) => e.position)).toEqual(range(10, 20));
    // Never opened: the first read opens the database.
    const unopened = new EventStore({ name });
    try {
      expect(await unopened.readRange(10, 20)).toStrictEqual(expected);
      expect(await unopened.readRange(10, 20)).toStrictEqual(expected);
    } finally {
      unopened.close();
    }
  });

  it('parses only a stream’s own events of a sealed chunk', async () => {
    const s = await store();
    // 100 orders, their events spread over sealed chunks: order-p7's at 8, 108, 208, 308 and 408.
    await s.appendPlaced(
      Array.from({ length: 503 }, (_, i) =>
        placed(`p${i}`, `p${i % 100}`, Math.floor(i / 100) + 1),
      ),
    );
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const stream = await s.readStream('order-p7');
      expect(stream.map((e) => e.position)).toEqual([8, 108, 208, 308, 408]);
      expect(stream.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
      expect(parse).toHaveBeenCalledTimes(stream.length);
    } finally {
      parse.mockRestore();
    }
  });

  it('reads through Dexie, which reopens, when the connection closed behind its back', async () => {
    const s = await store();
    await s.appendPlaced(
      Array.from({ length: CHUNK_SIZE + 3 }, (_, i) => placed(`c${i}`, `c${i}`, 1)),
    );
    const expected = await s.readRange(10, 20);
    // As when the browser drops the connection and Dexie has not heard yet.
    (Reflect.get(Reflect.get(s, 'log') as object, 'db') as EventLogDb).backendDB().close();
    expect(await s.readRange(10, 20)).toStrictEqual(expected);
  });
});

describe('a read of the whole log while appends go on', () => {
  it('misses nothing when an append merges the tail it is reading into a chunk', async () => {
    const s = await store();
    const small = 50;
    for (let i = 0; i < small; i++)
      await s.append(`order-t${i}`, [delivered(`t${i}`, `t${i}`)], { expectedVersion: 'any' });
    const read: number[] = [];
    let appended = false;
    for await (const batch of s.readAll({ toPosition: small })) {
      read.push(...batch.map((event) => event.position));
      if (!appended) {
        appended = true;
        // Enough to seal the tail: its small records become one chunk record from position 1.
        await s.appendPlaced(
          Array.from({ length: CHUNK_SIZE }, (_, i) => placed(`m${i}`, `m${i}`, 1)),
        );
      }
    }
    expect(read).toEqual(range(1, small));
  });
});

describe('a log whose first chunk was sealed as events, before chunks were sealed as bytes', () => {
  it('reads it, and the bytes of the chunks sealed after it, as one log', async () => {
    // Then chunks held 1000 events.
    const legacySize = 1000;
    const name = `legacy-${Math.random()}`;
    const legacy = Array.from({ length: legacySize }, (_, i) =>
      storedEventOf(placed(`old${i}`, `${i % 9}`, Math.floor(i / 9) + 1), i + 1),
    );
    const sealedAsEvents: CommitRecord = {
      first: 1,
      last: legacySize,
      minTime: '2026-01-01T10:00:00.000Z',
      maxTime: '2026-01-01T10:00:00.000Z',
      events: legacy,
    };
    const db = openEventLogDb(name);
    await db.commits.add(sealedAsEvents);
    await db.meta.put({ key: 'log', head: legacySize, sealed: legacySize });
    db.close();

    const s = await store(name);
    expect(s.streamVersion('order-3')).toBe(Math.ceil((legacySize - 3) / 9));
    const later = Array.from({ length: 2 * CHUNK_SIZE + 5 }, (_, i) =>
      placed(`new${i}`, `n${i}`, 1),
    );
    await s.appendPlaced(later);
    const expected = legacy.concat(
      later.map((event, i) => storedEventOf(event, legacySize + 1 + i)),
    );
    expect(await allEvents(s)).toStrictEqual(expected);
    for (const [from, to] of [
      [legacySize - 2, legacySize + 2],
      [CHUNK_SIZE + 3, CHUNK_SIZE + 9],
      [legacySize + CHUNK_SIZE + 1, legacySize + CHUNK_SIZE + 4],
    ] as const)
      expect(await s.readRange(from, to)).toStrictEqual(expected.slice(from - 1, to));
    const check = openEventLogDb(name);
    const kinds = (await check.commits.toArray()).map((record) =>
      'events' in record ? 'events' : 'bytes',
    );
    check.close();
    expect(kinds).toEqual(['events', 'bytes', 'bytes', 'events']);
  });
});

describe('a log sealed in chunks of 500 events, the size before', () => {
  it('reads them, appends after them in chunks of the size now, and stays whole', async () => {
    const earlierSize = 500;
    const name = `earlier-${Math.random()}`;
    const earlier = Array.from({ length: 2 * earlierSize + 40 }, (_, i) =>
      storedEventOf(placed(`old${i}`, `${i % 7}`, Math.floor(i / 7) + 1), i + 1),
    );
    const db = openEventLogDb(name);
    await db.commits.bulkAdd([
      sealedChunkOf(earlier.slice(0, earlierSize)),
      sealedChunkOf(earlier.slice(earlierSize, 2 * earlierSize)),
      toRecord(earlier.slice(2 * earlierSize)),
    ]);
    await db.meta.put({ key: 'log', head: earlier.length, sealed: 2 * earlierSize });
    db.close();

    const s = await store(name);
    const later = Array.from({ length: CHUNK_SIZE + 5 }, (_, i) => placed(`new${i}`, `n${i}`, 1));
    await s.appendPlaced(later);
    const expected = earlier.concat(
      later.map((event, i) => storedEventOf(event, earlier.length + 1 + i)),
    );
    expect(await allEvents(s)).toStrictEqual(expected);
    // Inside an earlier chunk's second half, across two of them, and across the old tail's end.
    for (const [from, to] of [
      [earlierSize - 20, earlierSize - 10],
      [earlierSize - 2, earlierSize + 2],
      [earlier.length - 1, earlier.length + 2],
    ] as const)
      expect(await s.readRange(from, to)).toStrictEqual(expected.slice(from - 1, to));
    const check = openEventLogDb(name);
    const bounds = (await check.commits.toArray()).map((record) => [record.first, record.last]);
    expect(await logInvariantProblems(check)).toEqual([]);
    check.close();
    const sealedNow = Math.floor(expected.length / CHUNK_SIZE) * CHUNK_SIZE;
    expect(bounds.slice(0, 2)).toEqual([
      [1, earlierSize],
      [earlierSize + 1, 2 * earlierSize],
    ]);
    // The old tail and the new events are sealed at the chunk size now, from the old end on.
    expect(bounds.slice(2)).toEqual([
      ...Array.from({ length: (sealedNow - 2 * earlierSize) / CHUNK_SIZE }, (_, i) => [
        2 * earlierSize + i * CHUNK_SIZE + 1,
        2 * earlierSize + (i + 1) * CHUNK_SIZE,
      ]),
      [sealedNow + 1, expected.length],
    ]);
  });
});

describe('a long log of chunks of the sizes before', () => {
  it('is read in batches of at most 10,000 events, as one of chunks of the size now', async () => {
    const name = `earlier-batches-${Math.random()}`;
    const earlier = Array.from({ length: 24_000 }, (_, i) =>
      storedEventOf(placed(`old${i}`, `${i % 7}`, Math.floor(i / 7) + 1), i + 1),
    );
    // Chunks of 1000 events (as events), then of 500 (as bytes).
    const records: CommitRecord[] = [];
    for (let first = 1; first <= 12_000; first += 1000)
      records.push(toRecord(earlier.slice(first - 1, first + 999)));
    for (let first = 12_001; first <= earlier.length; first += 500)
      records.push(sealedChunkOf(earlier.slice(first - 1, first + 499)));
    const db = openEventLogDb(name);
    await db.commits.bulkAdd(records);
    await db.meta.put({ key: 'log', head: earlier.length, sealed: earlier.length });
    db.close();

    const s = await store(name);
    const sizes: number[] = [];
    const read: StoredEvent[] = [];
    for await (const batch of s.readAll()) {
      sizes.push(batch.length);
      read.push(...batch);
    }
    expect(read).toStrictEqual(earlier);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10_000);
  });
});

describe('reads by time', () => {
  it('returns the events recorded within the range, in position order', async () => {
    const s = await store();
    await s.append(
      'order-1',
      [delivered('t1', '1')].map((e) => ({ ...e, time: '2026-01-01T00:00:00.000Z' })),
      {
        expectedVersion: 'any',
      },
    );
    await s.append('order-2', [{ ...delivered('t2', '2'), time: '2026-02-01T00:00:00.000Z' }], {
      expectedVersion: 'any',
    });
    await s.append('order-3', [{ ...delivered('t3', '3'), time: '2026-03-01T00:00:00.000Z' }], {
      expectedVersion: 'any',
    });
    const found = await s.readByTime('2026-01-15T00:00:00.000Z', '2026-03-01T00:00:00.000Z');
    expect(found.map((e) => e.id)).toEqual(['t2', 't3']);
  });
});

describe('bulk appends of placed events', () => {
  it('skips events already stored with the same content and writes the rest', async () => {
    const s = await store();
    await s.appendPlaced([placed('p1', '1', 1)]);
    const result = await s.appendPlaced([
      placed('p1', '1', 1),
      placed('p2', '1', 2),
      placed('p3', '2', 1),
    ]);
    expect(result).toEqual({ written: 2, skipped: 1, head: 3 });
  });

  it('refuses a version gap or overlap and writes nothing', async () => {
    const s = await store();
    await s.appendPlaced([placed('p1', '1', 1)]);
    await expect(
      s.appendPlaced([placed('p2', '2', 1), placed('p3', '1', 3)]),
    ).rejects.toBeInstanceOf(StreamSequenceError);
    await expect(s.appendPlaced([placed('p4', '1', 1)])).rejects.toThrow(
      /without gaps or overlaps/,
    );
    expect(await s.headPosition()).toBe(1);
  });

  it('writes many events as chunk records in one transaction', async () => {
    const s = await store();
    const events = Array.from({ length: CHUNK_SIZE * 3 + 1 }, (_, i) => placed(`b${i}`, `${i}`, 1));
    const result = await s.appendPlaced(events);
    expect(result.written).toBe(events.length);
    expect((await allEvents(s)).length).toBe(events.length);
  });
});

describe('subscriptions', () => {
  it('tells listeners in this tab about each append', async () => {
    const s = await store();
    const heard: string[] = [];
    s.subscribe((events) => heard.push(...events.map((e) => e.id)));
    await s.append('order-1', [delivered('e1', '1'), delivered('e2', '1')], {
      expectedVersion: 'no_stream',
    });
    expect(heard).toEqual(['e1', 'e2']);
  });

  it('tells another tab of the same database, which then checks versions against the news', async () => {
    const name = `tabs-${Math.random()}`;
    const first = await store(name);
    const second = await store(name);
    const heard = new Promise<string[]>((resolve) => {
      second.subscribe((events) => {
        resolve(events.map((e) => e.id));
      });
    });
    await first.append('order-1', [delivered('e1', '1')], { expectedVersion: 'no_stream' });
    expect(await heard).toEqual(['e1']);
    expect(second.streamVersion('order-1')).toBe(1);
    await expect(
      second.append('order-1', [delivered('e2', '1')], { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('catches up inside the append when another tab wrote before the news arrived', async () => {
    const name = `race-${Math.random()}`;
    const first = await store(name);
    const second = await store(name);
    const heardBySecond: number[] = [];
    second.subscribe((events) => heardBySecond.push(...events.map((e) => e.position)));
    await first.append('order-1', [delivered('e1', '1')], { expectedVersion: 'no_stream' });
    // Appending straight away, before the broadcast is delivered, must still number correctly.
    const result = await second.append('order-2', [delivered('e2', '2')], {
      expectedVersion: 'no_stream',
    });
    expect(result.events[0]?.position).toBe(2);
    expect(heardBySecond.slice(0, 2)).toEqual([1, 2]);
  });

  it('catches up on another tab’s big import a batch at a time, in order', async () => {
    const name = `catch-up-${Math.random()}`;
    const first = await store(name);
    const second = await store(name);
    const batches: number[][] = [];
    second.subscribe((events) => {
      batches.push(events.map((event) => event.position));
    });
    const imported = Array.from({ length: 12_345 }, (_, i) => placed(`c${i}`, `${i}`, 1));
    await first.appendPlaced(imported);
    await second.catchUp();
    // Each read parses a few thousand events, not the whole import in one task.
    expect(batches.length).toBeGreaterThan(1);
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(5_000);
    expect(batches.flat()).toEqual(imported.map((_, i) => i + 1));
    expect(second.head).toBe(imported.length);
  }, 30_000);

  it('catches up inside the append on more events than a call can take as arguments', async () => {
    const name = `big-race-${Math.random()}`;
    const first = await store(name);
    const second = await store(name);
    let heardBySecond = 0;
    second.subscribe((events) => {
      heardBySecond += events.length;
    });
    // Another tab's import: spreading this many into push(...) overflows the stack.
    const imported = Array.from({ length: 200_000 }, (_, i) => placed(`i${i}`, `${i}`, 1));
    await first.appendPlaced(imported);
    const result = await second.append('order-x', [delivered('ex', 'x')], {
      expectedVersion: 'no_stream',
    });
    expect(result.events[0]?.position).toBe(imported.length + 1);
    expect(heardBySecond).toBe(imported.length + 1);
  }, 60_000);
});
