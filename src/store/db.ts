import Dexie, { type EntityTable } from 'dexie';
import type { StoredEvent } from '../domain/events';

/**
 * The log is kept as commit records: each holds the events of one append, in position order.
 * Small commits are merged into chunks of about CHUNK_SIZE events, because IndexedDB costs are
 * per record: reading or writing 1000 events as one record is ~5× faster than 1000 records.
 */
export interface CommitRecord {
  /** Position of the first event (primary key). */
  first: number;
  last: number;
  /** Earliest and latest recorded time among the events (times need not be monotonic). */
  minTime: string;
  maxTime: string;
  events: StoredEvent[];
}

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
