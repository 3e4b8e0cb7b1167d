import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { EMAIL_SLOT } from '../domain/uniqueness';
import { hashOf, otherHashOf } from '../lib/hash';
import { madeParts } from '../lib/packedStrings';
import { LogIndex, indexPartsOf, indexSourcesOf, type LogIndexParts } from './logIndex';

/** The index's parts as a snapshot stores them. */
const indexDataOf = (parts: LogIndexParts<readonly string[]>) => madeParts(indexSourcesOf(parts));
import { closingTestStores, newEvent } from './testing';

/**
 * Two ids whose hashes are both the same, as two ids of a log could be (all but never): the
 * index must give the positions of both for either, and the store tell them apart by reading.
 */
vi.mock('../lib/hash', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/hash')>();
  const alias = (id: string) => (id === 'twin-b' ? 'twin-a' : id);
  return {
    ...actual,
    hashOf: (id: string) => actual.hashOf(alias(id)),
    otherHashOf: (id: string) => actual.otherHashOf(alias(id)),
  };
});

const store = closingTestStores();

/** The next event of an index: in `streamId`, with its id, claiming an email if given. */
function add(index: LogIndex, id: string, streamId: string, email?: string): number {
  const position = index.head + 1;
  const owner = streamId.replace(/^customer-/, '');
  index.add(
    id,
    streamId,
    position,
    email === undefined ? [] : [{ slot: EMAIL_SLOT, value: email, owner }],
  );
  return position;
}

/** Everything an index answers about these streams, ids and owners. */
function answers(
  index: LogIndex,
  { streams, ids, owners }: { streams: string[]; ids: string[]; owners: string[] },
) {
  return {
    head: index.head,
    streams: streams.map((streamId) => [
      index.streamVersion(streamId),
      index.streamPositions(streamId),
    ]),
    ids: ids.map((id) => index.candidatesOf(id)),
    owners: owners.map((owner) => {
      const key = index.heldKey(EMAIL_SLOT, owner);
      const value = key?.slice(key.indexOf(':') + 1);
      return [key, value === undefined ? undefined : index.uniqueOwner(EMAIL_SLOT, value)];
    }),
  };
}

/**
 * A log of many streams, ids and claims (enough ids to grow the id table more than once): each
 * customer's events claim a new email of its own, releasing the one before.
 */
function busyIndex(events = 5000): { index: LogIndex; ids: string[]; streams: string[] } {
  const index = new LogIndex();
  const ids: string[] = [];
  const streams: string[] = [];
  for (let i = 0; i < events; i++) {
    const customer = i % 7 === 0 ? `c${i % 50}` : undefined;
    const streamId = customer === undefined ? `order-o${i % 300}` : `customer-${customer}`;
    const id = `ev-${i}`;
    add(index, id, streamId, customer === undefined ? undefined : `${customer}.${i}@example.com`);
    ids.push(id);
    if (!streams.includes(streamId)) streams.push(streamId);
  }
  return { index, ids, streams };
}

describe('the log index', () => {
  it('starts empty', () => {
    const index = new LogIndex();
    expect(index.head).toBe(0);
    expect(index.streamVersion('order-o1')).toBe(0);
    expect(index.streamPositions('order-o1')).toEqual([]);
    expect(index.candidatesOf('e1')).toEqual([]);
    expect(index.uniqueOwner(EMAIL_SLOT, 'ada@example.com')).toBeUndefined();
  });

  it('knows each stream’s version and its events’ positions, oldest first', () => {
    const index = new LogIndex();
    add(index, 'e1', 'order-o1');
    add(index, 'e2', 'customer-c1');
    add(index, 'e3', 'order-o1');
    add(index, 'e4', 'order-o2');
    add(index, 'e5', 'order-o1');
    expect(index.head).toBe(5);
    expect(index.streamVersion('order-o1')).toBe(3);
    expect(index.streamPositions('order-o1')).toEqual([1, 3, 5]);
    expect(index.streamVersion('customer-c1')).toBe(1);
    expect(index.streamPositions('order-o2')).toEqual([4]);
    expect(index.streamVersion('order-o3')).toBe(0);
    expect(index.streamPositions('order-o3')).toEqual([]);
  });

  it('refuses an event that does not follow its head', () => {
    const index = new LogIndex();
    add(index, 'e1', 'order-o1');
    expect(() => {
      index.add('e3', 'order-o1', 3, []);
    }).toThrow('does not follow');
    expect(() => {
      index.add('e1', 'order-o1', 1, []);
    }).toThrow('does not follow');
    expect(index.head).toBe(1);
  });

  it('gives the position of every stored id, and none for an id never stored', () => {
    const { index, ids } = busyIndex();
    ids.forEach((id, i) => {
      expect(index.candidatesOf(id)).toEqual([i + 1]);
    });
    for (let i = 0; i < 5000; i++) expect(index.candidatesOf(`never-${i}`)).toEqual([]);
  });

  it('tells apart ids whose first hashes collide, by the second', () => {
    // The first two ids with the same first hash: the same slot, linear probing past it.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const id = `id-${i}`;
      const earlier = seen.get(hashOf(id));
      if (earlier !== undefined) pair = [earlier, id];
      seen.set(hashOf(id), id);
    }
    const [first, second] = pair;
    expect(otherHashOf(first)).not.toBe(otherHashOf(second));
    const index = new LogIndex();
    add(index, first, 'order-o1');
    expect(index.candidatesOf(second)).toEqual([]);
    add(index, second, 'order-o1');
    expect(index.candidatesOf(first)).toEqual([1]);
    expect(index.candidatesOf(second)).toEqual([2]);
  });

  it('gives every position whose id hashes the same, for the caller to tell apart', () => {
    expect([hashOf('twin-b'), otherHashOf('twin-b')]).toEqual([
      hashOf('twin-a'),
      otherHashOf('twin-a'),
    ]);
    const index = new LogIndex();
    add(index, 'twin-a', 'order-o1');
    add(index, 'other', 'order-o1');
    add(index, 'twin-b', 'order-o2');
    expect(index.candidatesOf('twin-a')).toEqual([1, 3]);
    expect(index.candidatesOf('twin-b')).toEqual([1, 3]);
    expect(index.candidatesOf('other')).toEqual([2]);
  });

  it('knows who holds a unique value; a new claim releases the owner’s previous one', () => {
    const index = new LogIndex();
    add(index, 'e1', 'customer-ada', 'ada@example.com');
    add(index, 'e2', 'customer-bob', 'bob@example.com');
    expect(index.uniqueOwner(EMAIL_SLOT, 'ada@example.com')).toBe('ada');
    expect(index.heldKey(EMAIL_SLOT, 'ada')).toBe(`${EMAIL_SLOT}:ada@example.com`);
    add(index, 'e3', 'customer-ada', 'lovelace@example.com');
    expect(index.uniqueOwner(EMAIL_SLOT, 'ada@example.com')).toBeUndefined();
    expect(index.uniqueOwner(EMAIL_SLOT, 'lovelace@example.com')).toBe('ada');
    expect(index.heldKey(EMAIL_SLOT, 'ada')).toBe(`${EMAIL_SLOT}:lovelace@example.com`);
    expect(index.uniqueOwner(EMAIL_SLOT, 'bob@example.com')).toBe('bob');
    expect(index.heldKey(EMAIL_SLOT, 'cy')).toBeUndefined();
  });
});

describe('the log index from a snapshot’s parts', () => {
  const probes = (ids: string[], streams: string[]) => ({
    streams: [...streams, 'order-none'],
    ids: [...ids, 'never-1', 'never-2'],
    owners: Array.from({ length: 52 }, (_, i) => `c${i}`),
  });

  it('answers as the index it was taken from, and goes on from there the same', () => {
    const { index, ids, streams } = busyIndex(3000);
    expect(index.heldKey(EMAIL_SLOT, 'c7')).toMatch(/^email:c7\.\d+@example\.com$/);
    const restored = new LogIndex(indexPartsOf(indexDataOf(index.parts())));
    expect(answers(restored, probes(ids, streams))).toStrictEqual(
      answers(index, probes(ids, streams)),
    );
    for (const target of [index, restored]) {
      add(target, 'next-1', 'order-o1');
      add(target, 'next-2', 'order-new');
      add(target, 'next-3', 'customer-c1', 'c60@example.com');
    }
    const more = probes([...ids, 'next-1', 'next-2', 'next-3'], [...streams, 'order-new']);
    expect(answers(restored, more)).toStrictEqual(answers(index, more));
    expect(restored.streamVersion('order-new')).toBe(1);
  });

  it('are the index as it was when they were taken, however much it grew since', () => {
    const { index, ids, streams } = busyIndex(1000);
    const before = answers(index, probes(ids, streams));
    const parts = index.parts();
    for (let i = 0; i < 3000; i++) add(index, `later-${i}`, 'order-o1', undefined);
    add(index, 'later-claim', 'customer-c1', 'c1@example.com');
    const restored = new LogIndex(indexPartsOf(indexDataOf(parts)));
    expect(answers(restored, probes(ids, streams))).toStrictEqual(before);
  });

  it('refuses parts missing, of another kind, or that do not fit together', () => {
    const { index } = busyIndex(50);
    const data = indexDataOf(index.parts());
    const without = (name: string) =>
      Object.fromEntries(Object.entries(data).filter(([key]) => key !== name));
    for (const name of Object.keys(data))
      expect(() => indexPartsOf(without(name)), name).toThrow('missing');
    expect(() =>
      indexPartsOf({ ...data, streamOf: Float64Array.from(index.parts().streamOf) }),
    ).toThrow("The snapshot's streamOf is missing.");
    const parts = indexPartsOf(data);
    expect(() => new LogIndex({ ...parts, idHash: parts.idHash.subarray(1) })).toThrow(
      'differ in length',
    );
    const streamOf = parts.streamOf.slice();
    streamOf[7] = 1000;
    expect(() => new LogIndex({ ...parts, streamOf })).toThrow('does not fit together');
    const streamBefore = parts.streamBefore.slice();
    streamBefore[7] = 7;
    expect(() => new LogIndex({ ...parts, streamBefore })).toThrow('does not fit together');
    const versions = parts.versions.slice();
    versions[1] = (versions[1] ?? 0) + 1;
    expect(() => new LogIndex({ ...parts, versions })).toThrow('does not fit together');
    const lasts = parts.lasts.slice();
    lasts[0] = parts.streamOf.length;
    expect(() => new LogIndex({ ...parts, lasts })).toThrow('does not fit together');
    const idSlots = parts.idSlots.slice();
    idSlots[idSlots.findIndex((position) => position !== 0)] = 0;
    expect(() => new LogIndex({ ...parts, idSlots })).toThrow('does not fit together');
    const streamTable = parts.streamTable.slice();
    streamTable[streamTable.findIndex((entry) => entry !== 0)] = 0;
    expect(() => new LogIndex({ ...parts, streamTable })).toThrow('ids do not fit together');
    const { claimOwners } = parts;
    expect(
      () =>
        new LogIndex({
          ...parts,
          claimOwners: { ...claimOwners, ends: claimOwners.ends.subarray(1) },
        }),
    ).toThrow('do not pair up');
  });
});

describe('a store with two ids that hash the same', () => {
  const delivered = (id: string, orderId: string) =>
    newEvent(id, { type: 'OrderDelivered', data: { order_id: orderId } });

  it('stores both, and knows each one’s retry', async () => {
    const s = await store();
    await s.append('order-1', [delivered('twin-a', '1')], { expectedVersion: 'no_stream' });
    const second = await s.append('order-2', [delivered('twin-b', '2')], {
      expectedVersion: 'no_stream',
    });
    expect(second.duplicate).toBe(false);
    expect(second.events.map((event) => [event.id, event.position])).toEqual([['twin-b', 2]]);
    const retry = await s.append('order-2', [delivered('twin-b', '2')], {
      expectedVersion: 'no_stream',
    });
    expect(retry.duplicate).toBe(true);
    expect(retry.events.map((event) => event.position)).toEqual([2]);
    expect(await s.headPosition()).toBe(2);
  });
});

describe('an index taking back its tail', () => {
  /** A random log: each step an event of one of a few streams, a customer's maybe claiming an email. */
  const steps = fc.array(
    fc.record({ stream: fc.nat(5), email: fc.option(fc.nat(3), { nil: undefined }) }),
    { maxLength: 40 },
  );
  const addAll = (
    index: LogIndex,
    list: readonly { stream: number; email: number | undefined }[],
    prefix: string,
  ) => {
    list.forEach(({ stream, email }, i) => {
      add(
        index,
        `${prefix}-${index.head + 1}-${i}`,
        `customer-c${stream}`,
        email === undefined ? undefined : `e${email}@example.com`,
      );
    });
  };

  it('given any log, a cut and other events after it, answers as a fresh index of what is left', () => {
    fc.assert(
      fc.property(steps, steps, fc.nat(), (first, second, cut) => {
        const at = first.length === 0 ? 0 : cut % (first.length + 1);
        const index = new LogIndex();
        addAll(index, first, 'a');
        index.truncate(at);
        addAll(index, second, 'b');
        const fresh = new LogIndex();
        addAll(fresh, first.slice(0, at), 'a');
        addAll(fresh, second, 'b');
        const everything = {
          streams: Array.from({ length: 6 }, (_, s) => `customer-c${s}`),
          ids: [
            ...first.map((_, i) => `a-${i + 1}-${i}`),
            ...second.map((_, i) => `b-${at + i + 1}-${i}`),
          ],
          owners: Array.from({ length: 6 }, (_, s) => `c${s}`),
        };
        expect(answers(index, everything)).toStrictEqual(answers(fresh, everything));
        // The same columns and streams (claims are compared above, as answers).
        const columns = ({
          streamOf,
          streamBefore,
          idHash,
          idOtherHash,
          streamIds,
        }: LogIndexParts<readonly string[]>) => ({
          streamOf,
          streamBefore,
          idHash,
          idOtherHash,
          streamIds,
        });
        expect(columns(index.parts())).toStrictEqual(columns(fresh.parts()));
      }),
      { numRuns: 300 },
    );
  });

  it('finds every id left after taking back half of a crowded table, and none taken back', () => {
    const index = new LogIndex();
    for (let i = 1; i <= 3000; i++) add(index, `first-${i}`, `order-o${i % 97}`);
    index.truncate(1500);
    for (let i = 1501; i <= 3000; i++) add(index, `second-${i}`, `order-o${i % 89}`);
    for (let i = 1; i <= 3000; i++) {
      expect(index.candidatesOf(`first-${i}`)).toEqual(i <= 1500 ? [i] : []);
      expect(index.candidatesOf(`second-${i}`)).toEqual(i > 1500 ? [i] : []);
    }
  });

  it('refuses to go back past what it was made with, or what it forgot', () => {
    const index = new LogIndex();
    for (let i = 1; i <= 5; i++) add(index, `e${i}`, `order-o${i}`);
    const restored = new LogIndex(indexPartsOf(indexDataOf(index.parts())));
    expect(() => {
      restored.truncate(4);
    }).toThrow('at the earliest');
    index.forget(3);
    expect(() => {
      index.truncate(2);
    }).toThrow('at the earliest');
    index.truncate(3);
    expect(index.head).toBe(3);
  });
});
