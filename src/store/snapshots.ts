import { checksumOf } from '../lib/hash';
import type { PartSource } from '../lib/packedStrings';
import { yieldToMain } from '../lib/scheduling';
import type { EventLogDb, SnapshotManifest, SnapshotPart } from './db';
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

/**
 * The snapshots worth trying, newest first: of this format and log incarnation, at or before the
 * head. Each one's parts are read (a read each, so that no one task clones them all) and checked
 * against its manifest; one that fails is skipped, never used.
 */
export async function* readSnapshots(
  db: EventLogDb,
  wanted: { version: string; incarnation: string | undefined; head: number },
): AsyncGenerator<ReadSnapshot> {
  const manifests = await db.snapshots.reverse().toArray();
  for (const manifest of manifests) {
    if (
      manifest.version !== wanted.version ||
      manifest.incarnation !== wanted.incarnation ||
      manifest.position > wanted.head
    )
      continue;
    const data: Record<string, SnapshotPart['data']> = {};
    let whole = true;
    for (const { name, checksum, byteLength } of manifest.parts) {
      const part = await db.snapshotParts.get([manifest.position, name]);
      if (
        part === undefined ||
        !ArrayBuffer.isView(part.data) ||
        part.data.byteLength !== byteLength ||
        checksumOf(part.data) !== checksum
      ) {
        whole = false;
        break;
      }
      data[name] = part.data;
    }
    if (whole) yield { manifest, data };
  }
}

/** The bytes the snapshots take (their parts), for the Data page and the benchmark. */
export async function snapshotBytes(db: EventLogDb): Promise<number> {
  let bytes = 0;
  for (const manifest of await db.snapshots.toArray())
    for (const part of manifest.parts) bytes += part.byteLength;
  return bytes;
}
