import type { StoredEvent } from '../domain/events';
import { catalogUpcasters, upcastEvent, type Upcasters } from '../domain/upcasters';
import { readStorage } from '../lib/storage';
import { openEventLogDb, type EventLogDb, type LogMeta } from './db';
import { StorageFullError, StorageInterruptedError, isInterruption, isQuotaError } from './errors';
import { LogIndex } from './logIndex';
import type { LogListener } from './types';

export interface EventStoreOptions {
  /** IndexedDB database name; one per installation (tests use a fresh one each). */
  name: string;
  /**
   * Brings events stored under older data versions up to the current one as they are read, so
   * that the index, the views and duplicate checks only see the current catalog. The stored
   * records are left as they were. Default: the catalog's upcasters.
   */
  upcasters?: Upcasters;
  /**
   * The format of snapshots this code writes and reads; a snapshot of another format is ignored.
   * Default: derived at build time from the code that makes them (vite.config.ts).
   */
  snapshotVersion?: string;
}

/** Thrown by a write into a log other than the one this tab's index was read from. */
export class LogReplacedError extends Error {
  override readonly name = 'LogReplacedError';
  constructor() {
    super(
      'This desk was changed in another tab or window (its data was cleared or replaced): reload the page to see it as it is now.',
    );
  }
}

export const emptyMeta = (): LogMeta => ({ key: 'log', head: 0, sealed: 0 });

/**
 * What one tab knows of its log, shared by the store's modules (reads, appends, the held import,
 * tab sync, server sync): the database, the index read from it, and who listens.
 */
export class LogState {
  readonly db: EventLogDb;
  readonly name: string;
  index = new LogIndex();
  readonly listeners = new Set<LogListener>();
  readonly channel: BroadcastChannel;
  /** Serializes this tab's work on the index: appends and catch-ups run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  opened = false;
  readonly upcasters: Upcasters;
  readonly snapshotVersion: string;
  /** The incarnation of the log the index was read from (see LogMeta); undefined for a new log. */
  incarnation: string | undefined;
  /**
   * Why this tab may not use its database any more (another tab upgraded or deleted it, or the
   * browser closed it); null while it may.
   */
  gone: string | null = null;
  /**
   * What this tab last knew of the log's sync: the confirmed position (undefined for a log that
   * never synced) and the rewrites.
   */
  confirmedSeen: number | undefined;
  rewritesSeen = 0;
  readonly goneListeners = new Set<(reason: string) => void>();
  readonly confirmedListeners = new Set<(confirmed: number | undefined) => void>();
  closing = false;

  constructor(options: EventStoreOptions) {
    this.db = openEventLogDb(options.name);
    this.name = options.name;
    this.upcasters = options.upcasters ?? catalogUpcasters;
    this.snapshotVersion = options.snapshotVersion ?? __SNAPSHOT_VERSION__;
    this.channel = new BroadcastChannel(`order-desk-log:${options.name}`);
  }

  /** Runs `work` after this tab's earlier work on the index, whether that failed or not. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `work` in one read-only transaction over the commits. Every transaction's scope is an
   * async function: Dexie follows its transaction across native awaits only in those. From a
   * plain function that returns a promise, the reads after the first await ran in whichever
   * transaction was current then, another command's when several were in flight in one tab
   * (PrematureCommitError, a chunk of 501 events, a confirmed event lost).
   */
  readCommits<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction('r', this.db.commits, async () => work());
  }

  emit(events: readonly StoredEvent[], rewrittenFrom?: number): void {
    if (events.length === 0 && rewrittenFrom === undefined) return;
    for (const listener of this.listeners) listener(events, rewrittenFrom);
  }

  /** Tells the other tabs that the log moved (they catch up). */
  announce(): void {
    this.channel.postMessage({ head: this.index.head });
  }

  /** Events as read from storage, brought up to the current data version. */
  current(events: StoredEvent[]): StoredEvent[] {
    if (this.upcasters.isEmpty) return events;
    return events.map((event) => upcastEvent(this.upcasters, event));
  }

  seeConfirmed(confirmed: number | undefined): void {
    if (confirmed === this.confirmedSeen) return;
    this.confirmedSeen = confirmed;
    for (const listener of this.confirmedListeners) listener(confirmed);
  }

  /** Throws LogReplacedError once this tab may no longer use its database. */
  checkNotGone(): void {
    if (this.gone !== null) throw new LogReplacedError();
  }

  /**
   * A failed write's error as the desk words it: a full disk says how full; an interrupted
   * transaction says to try again (the runner does); the store's own refusals stay as they are.
   */
  async failureOf(error: unknown): Promise<unknown> {
    if (isQuotaError(error)) {
      const { usage, quota } = await readStorage();
      return new StorageFullError(usage, quota);
    }
    if (this.gone !== null) return new LogReplacedError();
    return isInterruption(error) ? new StorageInterruptedError() : error;
  }
}
