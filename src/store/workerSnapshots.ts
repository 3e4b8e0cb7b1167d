import type { ReadSnapshot, SnapshotData, SnapshotShareRequest } from './snapshots';
import type { SnapshotWorkerResponse } from './snapshotWorker';

/** How long a start waits for the workers before it reads the snapshot itself. */
const WORKER_PATIENCE_MS = 10_000;

/** Workers reading a snapshot's parts side by side: cloning them out of the database is most of it. */
const SHARES = 2;

/** One worker's share of the newest snapshot, or null if it has none or fails. */
function readShare(
  request: SnapshotShareRequest,
): Promise<Extract<SnapshotWorkerResponse, { data: unknown }> | null> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./snapshotWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const done = (response: SnapshotWorkerResponse | null) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(response !== null && 'data' in response ? response : null);
    };
    const timer = setTimeout(() => {
      done(null);
    }, WORKER_PATIENCE_MS);
    worker.onmessage = ({ data }: MessageEvent<SnapshotWorkerResponse>) => {
      done(data);
    };
    worker.onerror = () => {
      done(null);
    };
    worker.onmessageerror = () => {
      done(null);
    };
    worker.postMessage(request);
  });
}

/**
 * Starts reading the newest sound snapshot of `version` in workers, at once: the reading then
 * overlaps the page's own start. Null where there are no workers, when none is whole, or when a
 * worker fails or takes too long: the caller reads the snapshots itself then.
 */
export async function readSnapshotInWorkers(
  database: string,
  version: string,
): Promise<ReadSnapshot | null> {
  if (typeof Worker === 'undefined') return null;
  const shares = await Promise.all(
    Array.from({ length: SHARES }, (_, share) =>
      readShare({ database, version, share, shares: SHARES }),
    ),
  );
  const [first] = shares;
  const data: Record<string, SnapshotData[string]> = {};
  for (const share of shares) {
    // A share missing, unsound, or of another snapshot (one written between the two reads).
    if (!share?.data || share.manifest.position !== first?.manifest.position) return null;
    Object.assign(data, share.data);
  }
  if (!first || !first.manifest.parts.every(({ name }) => name in data)) return null;
  return { manifest: first.manifest, data };
}

/** Reads started ahead of their store's opening, by database and format. */
const readsAhead = new Map<string, Promise<ReadSnapshot | null>>();
const readKey = (database: string, version: string) => `${version}:${database}`;

/**
 * Starts reading a log's newest snapshot now, before anything else of the page is loaded; the
 * log's store opens from it (`snapshotRead`).
 */
export function readSnapshotAhead(database: string, version = __SNAPSHOT_VERSION__): void {
  const key = readKey(database, version);
  if (!readsAhead.has(key)) readsAhead.set(key, readSnapshotInWorkers(database, version));
}

/** The reading started ahead for this log, taken (it serves one opening), or one started now. */
export function snapshotRead(database: string, version: string): Promise<ReadSnapshot | null> {
  const key = readKey(database, version);
  const ahead = readsAhead.get(key);
  readsAhead.delete(key);
  return ahead ?? readSnapshotInWorkers(database, version);
}
