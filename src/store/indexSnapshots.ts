/**
 * Snapshots of this tab's index, stored beside the views' parts: restoring the index from the
 * newest sound one when the log opens, and writing one as of the head.
 */
import type { PartSource } from '../lib/packedStrings';
import { LogIndex, indexPartsOf, indexSourcesOf } from './logIndex';
import { withSnapshotLock } from './logLock';
import type { LogState } from './logState';
import { readRange } from './reads';
import {
  isWanted,
  readSnapshots,
  writeSnapshot,
  type ReadSnapshot,
  type SnapshotData,
  type SnapshotWrite,
  type WantedSnapshot,
} from './snapshots';

/** A snapshot as `open` hands it over: its position, and the parts other than the index's. */
export interface OpenedSnapshot {
  readonly position: number;
  readonly data: SnapshotData;
}

/** The prefix of the index's parts among a snapshot's. */
const INDEX_PART = 'index.';

/**
 * The snapshots to try, newest first: the one read ahead (by a worker while the page started),
 * if it is still one this log can start from, then the others as they are read here.
 */
async function* candidates(
  log: LogState,
  wanted: WantedSnapshot,
  readAhead: Promise<ReadSnapshot | null> | undefined,
): AsyncGenerator<ReadSnapshot> {
  const early = await readAhead;
  if (early && isWanted(early.manifest, wanted)) yield early;
  for await (const snapshot of readSnapshots(log.db, wanted))
    if (snapshot.manifest.position !== early?.manifest.position) yield snapshot;
}

/**
 * Restores the index from the newest snapshot whose other parts `restore` takes, if any,
 * starting with the one `readAhead` gives.
 */
export async function restoreSnapshot(
  log: LogState,
  head: number,
  restore: (snapshot: OpenedSnapshot) => boolean,
  readAhead?: Promise<ReadSnapshot | null>,
): Promise<void> {
  const wanted = { version: log.snapshotVersion, incarnation: log.incarnation, head };
  for await (const { manifest, data } of candidates(log, wanted, readAhead)) {
    const { position } = manifest;
    // A log whose tail was written again since (another log under the same incarnation
    // cannot be) no longer has this event there.
    const [last] = await readRange(log, position, position);
    if (last?.id !== manifest.lastEventId) continue;
    let index: LogIndex;
    const rest: Record<string, SnapshotData[string]> = {};
    const own: Record<string, unknown> = {};
    for (const [name, part] of Object.entries(data))
      if (name.startsWith(INDEX_PART)) own[name.slice(INDEX_PART.length)] = part;
      else rest[name] = part;
    try {
      index = new LogIndex(indexPartsOf(own));
    } catch {
      continue;
    }
    if (index.head !== position || !restore({ position, data: rest })) continue;
    log.index = index;
    return;
  }
}

/** EventStore.writeSnapshot. */
export async function writeIndexSnapshot(
  log: LogState,
  position: number,
  views: readonly PartSource[],
): Promise<SnapshotWrite> {
  if (position !== log.index.head || position === 0 || log.incarnation === undefined)
    return 'skipped';
  const incarnation = log.incarnation;
  const parts = [
    ...views,
    ...indexSourcesOf(log.index.parts()).map(({ name, make }) => ({
      name: INDEX_PART + name,
      make,
    })),
  ];
  return withSnapshotLock(log.name, async () => {
    const newest = await log.db.snapshots.orderBy('position').last();
    if (
      newest !== undefined &&
      newest.position >= position &&
      newest.version === log.snapshotVersion
    )
      return 'skipped';
    const [last] = await readRange(log, position, position);
    if (last === undefined) return 'skipped';
    return writeSnapshot(
      log.db,
      {
        position,
        version: log.snapshotVersion,
        incarnation,
        lastEventId: last.id,
        written: new Date().toISOString(),
      },
      parts,
    );
  });
}
