import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../domain/events';
import { DeskModel, DeskView } from '../projections';
import { drive, viewContents, type Op } from '../projections/testing';
import { openEventLogDb, type EventLogDb } from '../store/db';
import { EventStore } from '../store/eventStore';
import { logInvariantProblems } from '../store/logInvariants';
import { asPlaced, refusePuts } from '../store/testing';
import { Desk } from './desk';

let databases = 0;
const freshName = () => `snapshots-${++databases}-${Math.random()}`;

/** A desk that writes snapshots only when told to (`writeSnapshot`). */
async function openDesk(name: string, snapshotVersion = 'test-1'): Promise<Desk> {
  const desk = new Desk(
    new EventStore({ name, snapshotVersion }),
    'urn:uuid:test',
    () => new Date('2026-03-01T12:00:00.000Z'),
    () => crypto.randomUUID(),
    Number.POSITIVE_INFINITY,
  );
  await desk.start();
  return desk;
}

/** Appends events as placed (their stream versions as decided) and waits for the views. */
async function append(desk: Desk, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  await desk.store.appendPlaced(asPlaced(events));
  await vi.waitFor(() => {
    expect(desk.getStatus().present.position).toBe(events.at(-1)?.position);
  });
}

async function withDb<T>(name: string, work: (db: EventLogDb) => Promise<T>): Promise<T> {
  const db = openEventLogDb(name);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/** Every moment of a desk's views, next to a model folded from the first event. */
function expectEveryMomentAsFolded(desk: Desk, events: readonly StoredEvent[]): void {
  const fresh = new DeskModel();
  fresh.apply(events);
  for (let position = 0; position <= events.length; position++)
    expect(viewContents(desk.viewAt(position) as DeskView)).toStrictEqual(
      viewContents(new DeskView(fresh, position)),
    );
}

const someOps: Op[] = [
  { kind: 'register', name: 0, email: 0, address: true },
  { kind: 'register', name: 1, email: 1, address: false },
  { kind: 'place', customer: 0, currency: 0, lines: [{ product: 0, quantity: 2, price: 300 }] },
  { kind: 'pay', order: 0, method: 0, exact: true },
  { kind: 'change', customer: 0, name: 3 },
  { kind: 'place', customer: 1, currency: 1, lines: [{ product: 1, quantity: 1, price: 990 }] },
  { kind: 'ship', order: 0 },
  { kind: 'cancel', order: 1 },
];

describe('a desk started from a snapshot', () => {
  it('given any history and any snapshot point, shows every moment as a fold from the start does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('register' as const),
              name: fc.nat(9),
              email: fc.nat(9),
              address: fc.boolean(),
            }),
            fc.record({
              kind: fc.constant('change' as const),
              customer: fc.nat(9),
              name: fc.nat(9),
            }),
            fc.record({
              kind: fc.constant('place' as const),
              customer: fc.nat(9),
              currency: fc.nat(2),
              lines: fc.array(
                fc.record({
                  product: fc.nat(5),
                  quantity: fc.integer({ min: 1, max: 5 }),
                  price: fc.nat(5000),
                }),
                { minLength: 1, maxLength: 2 },
              ),
            }),
            fc.record({
              kind: fc.constant('pay' as const),
              order: fc.nat(20),
              method: fc.nat(2),
              exact: fc.boolean(),
            }),
            fc.record({ kind: fc.constant('ship' as const), order: fc.nat(20) }),
            fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(20) }),
            fc.record({ kind: fc.constant('refund' as const), order: fc.nat(20) }),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        fc.nat(),
        async (ops, cut) => {
          const { events } = drive(ops);
          if (events.length === 0) return;
          const at = 1 + (cut % events.length);
          const name = freshName();
          const writer = await openDesk(name);
          await append(writer, events.slice(0, at));
          await writer.writeSnapshot();
          expect(writer.getStatus().lastSnapshot).toBe('written');
          await append(writer, events.slice(at));
          writer.store.close();

          const reader = await openDesk(name);
          expect(reader.getStatus().restoredAt).toBe(at);
          expectEveryMomentAsFolded(reader, events);
          reader.store.close();
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);

  it('given a snapshot of another format, ignores it and folds the log', async () => {
    const { events } = drive(someOps);
    const name = freshName();
    const writer = await openDesk(name, 'old-format');
    await append(writer, events);
    await writer.writeSnapshot();
    writer.store.close();

    const reader = await openDesk(name, 'new-format');
    expect(reader.getStatus().restoredAt).toBeNull();
    expectEveryMomentAsFolded(reader, events);
    reader.store.close();
  });

  it('given a corrupt part, ignores the snapshot, folds the log and leaves it untouched', async () => {
    const { events } = drive(someOps);
    const name = freshName();
    const writer = await openDesk(name);
    await append(writer, events);
    await writer.writeSnapshot();
    writer.store.close();
    await withDb(name, async (db) => {
      const part = await db.snapshotParts.get([events.length, 'views.orderTotal']);
      if (!part) throw new Error('No part to spoil.');
      const spoiled = part.data.slice();
      spoiled[0] = (spoiled[0] ?? 0) + 1;
      await db.snapshotParts.put({ ...part, data: spoiled });
    });
    const before = await withDb(name, (db) => db.commits.toArray());

    const reader = await openDesk(name);
    expect(reader.getStatus().restoredAt).toBeNull();
    expectEveryMomentAsFolded(reader, events);
    reader.store.close();
    await withDb(name, async (db) => {
      expect(await db.commits.toArray()).toStrictEqual(before);
      expect(await logInvariantProblems(db)).toEqual([]);
    });
  });

  it('given a snapshot whose last event is not the log’s any more, ignores it', async () => {
    const { events } = drive(someOps);
    const name = freshName();
    const writer = await openDesk(name);
    await append(writer, events);
    await writer.writeSnapshot();
    writer.store.close();
    // As if the log's tail had been written again since (a rebased or replaced tail).
    await withDb(name, async (db) => {
      const manifest = await db.snapshots.get(events.length);
      if (!manifest) throw new Error('No snapshot.');
      await db.snapshots.put({ ...manifest, lastEventId: 'another-event' });
    });
    const reader = await openDesk(name);
    expect(reader.getStatus().restoredAt).toBeNull();
    expectEveryMomentAsFolded(reader, events);
    reader.store.close();
  });

  it('given a snapshot beyond the head, ignores it', async () => {
    const { events } = drive(someOps);
    const name = freshName();
    const writer = await openDesk(name);
    await append(writer, events);
    await writer.writeSnapshot();
    writer.store.close();
    await withDb(name, async (db) => {
      const meta = await db.meta.get('log');
      if (!meta) throw new Error('No log.');
      // A head moved back under the snapshot: only a hand-edited database looks like this.
      await db.meta.put({ ...meta, head: events.length - 1 });
    });
    const reader = await openDesk(name);
    expect(reader.getStatus().restoredAt).toBeNull();
    expect(reader.getStatus().present.position).toBe(events.length - 1);
    reader.store.close();
  });

  it('given a full disk while writing, goes on without a snapshot and keeps none of its parts', async () => {
    const { events } = drive(someOps);
    const name = freshName();
    const desk = await openDesk(name);
    await append(desk, events.slice(0, 4));
    // The disk fills up after the snapshot's first part.
    let parts = 0;
    const put = refusePuts('snapshotParts', 'QuotaExceededError', () => ++parts > 1);
    try {
      await desk.writeSnapshot();
    } finally {
      put.mockRestore();
    }
    expect(parts).toBeGreaterThan(1);
    expect(desk.getStatus().lastSnapshot).toBe('storage full');
    await withDb(name, async (db) => {
      expect(await db.snapshots.count()).toBe(0);
      expect(await db.snapshotParts.count()).toBe(0);
    });
    // The desk goes on: commands are written, and the log is whole.
    await append(desk, events.slice(4));
    await withDb(name, async (db) => {
      expect(await logInvariantProblems(db)).toEqual([]);
    });
    desk.store.close();
  });
});

describe('a snapshot written while more events are folded', () => {
  it('is followed by one at the new head once it is due', async () => {
    const name = freshName();
    const { events } = drive(someOps);
    const desk = new Desk(
      new EventStore({ name, snapshotVersion: 'test-1' }),
      'urn:uuid:test',
      () => new Date('2026-03-01T12:00:00.000Z'),
      () => crypto.randomUUID(),
      1,
    );
    await desk.start();
    await append(desk, events.slice(0, 3));
    await vi.waitFor(async () => {
      expect(await withDb(name, (db) => db.snapshots.count())).toBeGreaterThan(0);
    });
    // The next write waits until released: it is under way while the rest is folded.
    let release: () => void = () => undefined;
    const released = new Promise((resolve) => {
      release = () => {
        resolve(undefined);
      };
    });
    const write = desk.store.writeSnapshot.bind(desk.store);
    const held = vi.spyOn(desk.store, 'writeSnapshot').mockImplementationOnce(async (...args) => {
      await released;
      return write(...args);
    });
    await append(desk, events.slice(3, 4));
    await vi.waitFor(() => {
      expect(held).toHaveBeenCalled();
    });
    await append(desk, events.slice(4));
    release();

    await vi.waitFor(async () => {
      const newest = await withDb(name, (db) => db.snapshots.orderBy('position').last());
      expect(newest?.position).toBe(events.length);
    });
    desk.store.close();
  });
});
