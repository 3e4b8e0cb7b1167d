import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventStore } from './eventStore';
import { numberPart } from '../lib/packedStrings';
import {
  readSnapshots,
  readSnapshotShare,
  shareOf,
  type SnapshotData,
  type SnapshotShareRequest,
} from './snapshots';
import { openEventLogDb, type SnapshotManifest } from './db';
import type { SnapshotWorkerResponse } from './snapshotWorker';
import { closingTestStores, newEvent } from './testing';
import { readSnapshotAhead, readSnapshotInWorkers } from './workerSnapshots';

const store = closingTestStores();
let databases = 0;
const freshName = () => `worker-snapshots-${++databases}-${Math.random()}`;

/**
 * Workers as the page starts them, answering as the snapshot worker does (here, on this thread);
 * `answer` may change what one says.
 */
function stubWorkers(
  answer: (request: SnapshotShareRequest, response: SnapshotWorkerResponse) => unknown = (
    _,
    response,
  ) => response,
) {
  const started: SnapshotShareRequest[] = [];
  class StubWorker {
    onmessage: ((message: { data: unknown }) => void) | null = null;
    onerror: (() => void) | null = null;
    postMessage(request: SnapshotShareRequest) {
      started.push(request);
      void readSnapshotShare(request).then((response) =>
        this.onmessage?.({ data: answer(request, response) }),
      );
    }
    terminate() {}
  }
  vi.stubGlobal('Worker', StubWorker);
  return started;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A log of `count` events with a snapshot at its head holding a few views' parts. */
async function logWithSnapshot(count: number) {
  const name = freshName();
  const s = await store(name);
  for (let i = 1; i <= count; i++)
    await s.append(
      `order-o${i % 3}`,
      [newEvent(`e-${i}`, { type: 'OrderDelivered', data: { order_id: `o${i % 3}` } })],
      { expectedVersion: 'any' },
    );
  const views = [
    ...numberPart(
      'views.big',
      Int32Array.from({ length: 5000 }, (_, i) => i),
    ),
    ...numberPart('views.small', Float64Array.of(1.5, 2.5)),
  ];
  expect(await s.writeSnapshot(count, views)).toBe('written');
  s.close();
  return name;
}

const version = __SNAPSHOT_VERSION__;

describe('reading the newest snapshot in workers, side by side', () => {
  it('gives every part of it, read in shares, as one reading on the page would', async () => {
    const name = await logWithSnapshot(12);
    const started = stubWorkers();

    const read = await readSnapshotInWorkers(name, version);

    expect(started.map(({ share, shares }) => `${share}/${shares}`)).toEqual(['0/2', '1/2']);
    const db = openEventLogDb(name);
    const wanted = { version, incarnation: (await db.meta.get('log'))?.incarnation, head: 12 };
    let here;
    for await (const snapshot of readSnapshots(db, wanted)) {
      here = snapshot;
      break;
    }
    db.close();
    expect(read?.manifest).toEqual(here?.manifest);
    expect(read?.data).toEqual(here?.data);
  });

  it('gives none when a share is unsound, of another snapshot, or its worker fails', async () => {
    const name = await logWithSnapshot(5);
    const changes: ((response: SnapshotWorkerResponse) => unknown)[] = [
      (response) => ({ ...response, data: null }),
      (response) =>
        'manifest' in response && response.manifest
          ? { ...response, manifest: { ...response.manifest, position: 4 } }
          : response,
      () => ({ failed: 'The database is gone.' }),
    ];
    for (const change of changes) {
      stubWorkers((request, response) => (request.share === 1 ? change(response) : response));
      expect(await readSnapshotInWorkers(name, version)).toBeNull();
    }
  });

  it('is what a store opens from, and a store whose workers fail reads the snapshot itself', async () => {
    const name = await logWithSnapshot(9);
    for (const answer of [undefined, () => ({ failed: 'no' })]) {
      const started = stubWorkers(answer);
      const s = new EventStore({ name });
      let restored: SnapshotData | undefined;
      await s.open({
        restore: ({ position, data }) => {
          expect(position).toBe(9);
          restored = data;
          return true;
        },
      });
      expect(Array.from(restored?.['views.small'] ?? [])).toEqual([1.5, 2.5]);
      expect(s.head).toBe(9);
      expect(s.streamVersion('order-o0')).toBe(3);
      expect(started).toHaveLength(2);
      s.close();
    }
  });
});

describe('a snapshot read ahead of the page', () => {
  it('is what the log’s store opens from, once: a later opening reads again', async () => {
    const name = await logWithSnapshot(4);
    const started = stubWorkers();
    readSnapshotAhead(name, version);
    expect(started).toHaveLength(2);
    for (const expected of [2, 4]) {
      const s = new EventStore({ name });
      let restoredAt = 0;
      await s.open({
        restore: ({ position }) => {
          restoredAt = position;
          return true;
        },
      });
      expect(restoredAt).toBe(4);
      expect(started).toHaveLength(expected);
      s.close();
    }
  });
});

describe('the shares of a snapshot’s parts', () => {
  it('hold every part once, the largest first each to the share with the fewest bytes', () => {
    const parts = [900, 500, 400, 300, 100, 100].map((byteLength, i) => ({
      name: `p${i}`,
      checksum: 0,
      byteLength,
    }));
    const owner = shareOf({ parts } as SnapshotManifest, 2);
    expect(parts.map(({ name }) => owner.get(name))).toEqual([0, 1, 1, 0, 1, 1]);
  });
});
