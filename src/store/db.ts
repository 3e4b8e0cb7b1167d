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
};

export type CommitRecord = TailRecord | ChunkRecord;

/** The log's head and the end of its sealed (compacted) part, read and written by every append. */
export interface LogMeta {
  key: 'log';
  head: number;
  sealed: number;
  /**
   * Set while an import writes chunk records beyond the head (EventStore.appendHeld). Found set by
   * a writer holding the log's lock, it means an import failed or its tab died: those records go.
   */
  staging?: true;
}

export type EventLogDb = Dexie & {
  commits: EntityTable<CommitRecord, 'first'>;
  meta: EntityTable<LogMeta, 'key'>;
};

export function openEventLogDb(name: string): EventLogDb {
  // Strict durability: an append resolves only once the browser has flushed it to disk.
  const db = new Dexie(name, {
    chromeTransactionDurability: 'strict',
    cache: 'disabled',
  }) as EventLogDb;
  db.version(1).stores({ commits: 'first, maxTime', meta: 'key' });
  return db;
}
