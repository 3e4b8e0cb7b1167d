import Dexie, { type EntityTable } from 'dexie';
import type { StoredEvent } from '../domain/events';

/**
 * The log is kept as commit records: each holds the events of one append, in position order.
 * Small commits are merged into chunks of CHUNK_SIZE events, because IndexedDB costs are per
 * record: reading or writing a chunk of events as one record is many times faster than as one
 * record each.
 */
interface RecordBounds {
  /** Position of the first event (primary key). */
  first: number;
  last: number;
  /** Earliest and latest recorded time among the events (times need not be monotonic). */
  minTime: string;
  maxTime: string;
}

/** A commit not yet merged into a whole chunk (the log's tail), or a chunk sealed before 2026-11-26. */
export type TailRecord = RecordBounds & { events: StoredEvent[] };

/**
 * A whole chunk, sealed: its events as the UTF-8 bytes of a JSON array of CloudEvents, the event
 * log file's format (cloudEvents.ts). Bytes are one object to IndexedDB and to the garbage
 * collector, where 500 events as objects are ~10,000: written, an import copies the file's
 * own bytes instead of cloning object graphs; read, a timeline seek parses them into short-lived
 * objects, where IndexedDB would keep a structured clone's alive until a full collection.
 */
export type ChunkRecord = RecordBounds & {
  cloudEvents: Uint8Array;
  /**
   * Where each event's element begins in `cloudEvents` (right after the `[` or the comma before
   * it): a seek parses only the events it folds.
   */
  starts: Uint32Array;
  /**
   * Set when `cloudEvents` is exactly what an export writes for these positions (`sequence`
   * included): an export copies the bytes as they are. Chunks sealed from events are, and so are
   * those a sync keeps of its server's JSON (the events as the server wrote them, in the file's
   * format, at their positions); an import's keep the file's own bytes, whose sequences may be
   * other positions'.
   */
  exact?: true;
};

export type CommitRecord = TailRecord | ChunkRecord;

/** The log's head and the end of its sealed (compacted) part, read and written by every append. */
export interface LogMeta {
  key: 'log';
  head: number;
  sealed: number;
  /**
   * Made with the log (and by the upgrade to version 2 for a log made before): a tab whose index
   * was read from another database (deleted and made again, by "clear site data" or an import
   * elsewhere) finds another value, and writes nothing. Absent only on a log never written to.
   */
  incarnation?: string;
  /**
   * While the desk syncs with a server: the log up to here is the server's, in its order (the
   * events after it are this device's, not yet confirmed). Absent for a desk that never synced.
   */
  confirmed?: number;
  /** How many times the tail after `confirmed` was written again (a tab that saw fewer rereads it). */
  rewrites?: number;
  /**
   * Set while an import writes chunk records beyond the head (EventStore.appendHeld). Found set by
   * a writer holding the log's lock, it means an import failed or its tab died: those records go.
   */
  staging?: true;
}

/**
 * A snapshot: the log's index and the desk's views as they stood after the event at `position`,
 * in parts (one record each, see SnapshotPart). Written after its parts, so a snapshot whose
 * manifest is there is whole; parts without one are what a writer left when its tab died.
 */
export interface SnapshotManifest {
  position: number;
  /** The format of the parts (derived from the code that writes and reads them). */
  version: string;
  /** The log's incarnation when written (see LogMeta). */
  incarnation: string;
  /** The id of the event at `position`: a log whose tail was written again no longer has it. */
  lastEventId: string;
  /** When it was written (RFC 3339). */
  written: string;
  parts: { name: string; checksum: number; byteLength: number }[];
}

/** One typed array of a snapshot, under its name. */
export interface SnapshotPart {
  position: number;
  name: string;
  data: Int32Array | Float64Array | Uint8Array | Uint16Array;
}

/**
 * What the sync (src/application/sync) keeps beside the log, by key: written in the log's own
 * database so that it goes with the log (a cleared or replaced log forgets its server too).
 */
export interface SyncRecord {
  key: string;
  value: unknown;
}

export type EventLogDb = Dexie & {
  commits: EntityTable<CommitRecord, 'first'>;
  meta: EntityTable<LogMeta, 'key'>;
  snapshots: EntityTable<SnapshotManifest, 'position'>;
  snapshotParts: Dexie.Table<SnapshotPart, [number, string]>;
  sync: EntityTable<SyncRecord, 'key'>;
};

/** A fresh incarnation id for a log (see LogMeta). */
export const newIncarnation = (): string => crypto.randomUUID();

export function openEventLogDb(name: string): EventLogDb {
  // Strict durability: an append resolves only once the browser has flushed it to disk.
  const db = new Dexie(name, {
    chromeTransactionDurability: 'strict',
    cache: 'disabled',
  }) as EventLogDb;
  db.version(1).stores({ commits: 'first, maxTime', meta: 'key' });
  // Shipped versions are never edited: changes come as a new version with its upgrade.
  db.version(2)
    .stores({ snapshots: 'position', snapshotParts: '[position+name]' })
    .upgrade(async (transaction) => {
      const meta = transaction.table<LogMeta, LogMeta['key']>('meta');
      const log = await meta.get('log');
      if (log !== undefined && log.incarnation === undefined)
        await meta.put({ ...log, incarnation: newIncarnation() });
    });
  db.version(3).stores({ sync: 'key' });
  return db;
}
