import { checksumOf } from '../lib/hash';
import type { PartSource } from '../lib/packedStrings';
import { yieldToMain } from '../lib/scheduling';
import { openEventLogDb, type EventLogDb, type SnapshotManifest, type SnapshotPart } from './db';
import { isQuotaError } from './errors';

/** A snapshot's parts: typed arrays by name. */
export type SnapshotData = Readonly<Record<string, SnapshotPart['data']>>;

/** What became of a snapshot write. */
export type SnapshotWrite = 'written' | 'skipped' | 'storage full';

/**
 * Writes a snapshot's parts, each made and put in a task of its own with the main thread given
 * back in between (a part is packed and cloned: a few milliseconds each, not all at once), then its
 * manifest, which makes it whole; then removes every other snapshot and any part left without a
 * manifest. On a full disk it removes what it wrote and reports it: a snapshot is only ever a
 * shortcut, and the desk goes on without one.
 */
export async function writeSnapshot(
  db: EventLogDb,
  manifest: Omit<SnapshotManifest, 'parts'>,
  sources: readonly PartSource[],
): Promise<SnapshotWrite> {
  const { position } = manifest;
  const parts: SnapshotManifest['parts'] = [];
  try {
    for (const { name, make } of sources) {
      const part = make();
      parts.push({ name, checksum: checksumOf(part), byteLength: part.byteLength });
      await db.snapshotParts.put({ position, name, data: part });
      await yieldToMain();
    }
    await db.snapshots.put({ ...manifest, parts });
  } catch (error) {
    // Removing frees room: it works on a full disk too.
    await db.snapshotParts
      .where('[position+name]')
      .between([position, ''], [position, '\uffff'])
      .delete()
      .catch(() => undefined);
    if (isQuotaError(error)) return 'storage full';
    throw error;
  }
  await removeSnapshotsExcept(db, position);
  return 'written';
}

/**
 * Removes every snapshot and part but those of the snapshot at `keep` (null: all of them; the
 * next start-up then folds the whole log).
 */
export async function removeSnapshotsExcept(db: EventLogDb, keep: number | null): Promise<void> {
  await db.transaction('rw', db.snapshots, db.snapshotParts, async () => {
    const keys = await db.snapshotParts.toCollection().primaryKeys();
    await db.snapshotParts.bulkDelete(keys.filter(([position]) => position !== keep));
    await db.snapshots
      .where('position')
      .notEqual(keep ?? -1)
      .delete();
  });
}

/** A snapshot read back whole: every part there, of the size and checksum its manifest gives. */
export interface ReadSnapshot {
  readonly manifest: SnapshotManifest;
  readonly data: SnapshotData;
}

/** Which snapshots a log can start from. */
export interface WantedSnapshot {
  readonly version: string;
  readonly incarnation: string | undefined;
  readonly head: number;
}

/** Whether a snapshot is of this format and log incarnation, at or before the head. */
export const isWanted = (manifest: SnapshotManifest, wanted: WantedSnapshot): boolean =>
  manifest.version === wanted.version &&
  manifest.incarnation === wanted.incarnation &&
  manifest.position <= wanted.head;

/**
 * A snapshot's parts (of those listed in its manifest, the ones `wanted` keeps), read at once (the
 * reads overlap in the database; each part is cloned in its own callback) and each checked against
 * its manifest; null if any is missing or unsound.
 */
export async function readParts(
  db: EventLogDb,
  manifest: SnapshotManifest,
  wanted: (part: SnapshotManifest['parts'][number]) => boolean = () => true,
): Promise<SnapshotData | null> {
  const listed = manifest.parts.filter(wanted);
  const parts = await db.snapshotParts.bulkGet(
    listed.map(({ name }) => [manifest.position, name] as [number, string]),
  );
  const data: Record<string, SnapshotPart['data']> = {};
  const whole = listed.every(({ name, checksum, byteLength }, index) => {
    const part = parts[index];
    if (
      part === undefined ||
      !ArrayBuffer.isView(part.data) ||
      part.data.byteLength !== byteLength ||
      checksumOf(part.data) !== checksum
    )
      return false;
    data[name] = part.data;
    return true;
  });
  return whole ? data : null;
}

/**
 * The snapshots worth trying, newest first: of this format and log incarnation, at or before the
 * head, read whole; one that is not is skipped, never used.
 */
export async function* readSnapshots(
  db: EventLogDb,
  wanted: WantedSnapshot,
): AsyncGenerator<ReadSnapshot> {
  const manifests = await db.snapshots.reverse().toArray();
  for (const manifest of manifests) {
    if (!isWanted(manifest, wanted)) continue;
    const data = await readParts(db, manifest);
    if (data !== null) yield { manifest, data };
  }
}

/** A share of the newest snapshot's parts to read: the `share`-th of `shares`. */
export interface SnapshotShareRequest {
  readonly database: string;
  readonly version: string;
  readonly share: number;
  readonly shares: number;
}

/** The newest wanted snapshot and a share of its parts; null data if any of them is unsound. */
export type SnapshotShare =
  | { readonly manifest: SnapshotManifest; readonly data: SnapshotData | null }
  | { readonly manifest: null };

/**
 * Which parts go to which share: the largest first, each to the share with the fewest bytes so
 * far. Every reader works it out the same from the same manifest.
 */
export function shareOf(manifest: SnapshotManifest, shares: number): Map<string, number> {
  const bytes = new Array<number>(shares).fill(0);
  const owner = new Map<string, number>();
  const bySize = [...manifest.parts].sort(
    (a, b) => b.byteLength - a.byteLength || a.name.localeCompare(b.name),
  );
  for (const { name, byteLength } of bySize) {
    const share = bytes.indexOf(Math.min(...bytes));
    owner.set(name, share);
    bytes[share] = (bytes[share] ?? 0) + byteLength;
  }
  return owner;
}

/**
 * Reads a share of the newest snapshot the log can start from, as it stands in the database
 * (several readers side by side each read one: see `readSnapshotInWorkers`).
 */
export async function readSnapshotShare({
  database,
  version,
  share,
  shares,
}: SnapshotShareRequest): Promise<SnapshotShare> {
  const db = openEventLogDb(database);
  try {
    const meta = await db.meta.get('log');
    const wanted = { version, incarnation: meta?.incarnation, head: meta?.head ?? 0 };
    const manifest = (await db.snapshots.reverse().toArray()).find((each) =>
      isWanted(each, wanted),
    );
    if (manifest === undefined) return { manifest: null };
    const owner = shareOf(manifest, shares);
    const data = await readParts(db, manifest, ({ name }) => owner.get(name) === share);
    return { manifest, data };
  } finally {
    db.close();
  }
}

/** The bytes the snapshots take (their parts), for the Data page and the benchmark. */
export async function snapshotBytes(db: EventLogDb): Promise<number> {
  let bytes = 0;
  for (const manifest of await db.snapshots.toArray())
    for (const part of manifest.parts) bytes += part.byteLength;
  return bytes;
}
