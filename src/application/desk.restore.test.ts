import { afterEach, describe, expect, it, vi } from 'vitest';
import { everythingAt } from '../projections/testing';
import { openEventLogDb } from '../store/db';
import { EventStore } from '../store/eventStore';
import { Desk } from './desk';
import { loadDemo } from '../demo/loadDemo';

const stores: EventStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

/** A started desk over the database, and where it began to read the log. */
async function deskOver(name: string, snapshotVersion?: string) {
  const store = new EventStore({ name, ...(snapshotVersion ? { snapshotVersion } : {}) });
  stores.push(store);
  const readAll = vi.spyOn(store, 'readAll');
  const desk = new Desk(
    store,
    'urn:uuid:test-desk',
    () => new Date('2026-03-01T12:00:00.000Z'),
    () => crypto.randomUUID(),
  );
  await desk.start();
  return { desk, readFrom: readAll.mock.calls[0]?.[0]?.fromPosition };
}

/**
 * A log of 1,500 demo events with a snapshot after them, then one event more. Returns the
 * database's name and what its desk shows.
 */
async function logWithSnapshot() {
  const name = `desk-snapshot-${Math.random()}`;
  const { desk } = await deskOver(name);
  await loadDemo(desk, 1500);
  await vi.waitFor(() => {
    expect(desk.getStatus().present.position).toBe(1500);
  });
  await desk.writeSnapshot();
  expect(desk.getStatus().lastSnapshot).toBe('written');
  await desk.execute({
    type: 'RegisterCustomer',
    data: { customerId: 'after', name: 'After Snapshot', email: 'after@example.com' },
  });
  return { name, shown: everythingAt(desk.getStatus().present) };
}

describe('a desk opening a log with a snapshot', () => {
  it('starts from it, and shows what folding the whole log shows', async () => {
    const { name, shown } = await logWithSnapshot();
    const { desk, readFrom } = await deskOver(name);
    expect(readFrom).toBe(1501);
    expect(everythingAt(desk.getStatus().present)).toStrictEqual(shown);
    // The index came with it: the log goes on.
    await desk.execute({
      type: 'RegisterCustomer',
      data: { customerId: 'next', name: 'Next', email: 'next@example.com' },
    });
    expect(desk.store.head).toBe(1502);
    expect(desk.store.streamVersion('customer-after')).toBe(1);
  }, 60_000);

  it('folds the whole log when a part of the snapshot is damaged', async () => {
    const { name, shown } = await logWithSnapshot();
    const db = openEventLogDb(name);
    const [part] = await db.snapshotParts.toArray();
    if (part === undefined) throw new Error('No snapshot part.');
    const bytes = new Uint8Array(part.data.buffer, part.data.byteOffset, part.data.byteLength);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    await db.snapshotParts.put(part);
    db.close();
    const { desk, readFrom } = await deskOver(name);
    expect(readFrom).toBe(1);
    expect(everythingAt(desk.getStatus().present)).toStrictEqual(shown);
  }, 60_000);

  it('folds the whole log when the snapshot is of another format', async () => {
    const { name, shown } = await logWithSnapshot();
    const { desk, readFrom } = await deskOver(name, 'another format');
    expect(readFrom).toBe(1);
    expect(everythingAt(desk.getStatus().present)).toStrictEqual(shown);
  }, 60_000);
});
