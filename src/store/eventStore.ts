import type { StoredEvent } from '../domain/events';
import type { PartSource } from '../lib/packedStrings';
import { classifyNow, type ComparableEvent, type StoredMatch } from './appendChecks';
import { appendNow, appendPlacedNow } from './appends';
import { appendHeld } from './heldImport';
import { restoreSnapshot, writeIndexSnapshot, type OpenedSnapshot } from './indexSnapshots';
import { ifLogLockFree } from './logLock';
import { LogState, type EventStoreOptions } from './logState';
import { headPosition, readAll, readByTime, readFileText, readRange, readStream } from './reads';
import {
  acceptServerEvents,
  beginSync,
  changeSyncRecord,
  endSync,
  readSyncRecord,
} from './serverSync';
import { snapshotBytes, type SnapshotWrite } from './snapshots';
import { snapshotRead } from './workerSnapshots';
import { discardStaged } from './stagedLeftovers';
import { catchUp, followOtherTabs } from './tabSync';
import type {
  AppendResult,
  BulkAppendResult,
  EventTexts,
  ExpectedVersion,
  HeldEvents,
  LogListener,
  NewEvent,
  PlacedEvent,
} from './types';

export type { EventStoreOptions } from './logState';
export { LogReplacedError } from './logState';
export type { OpenedSnapshot } from './indexSnapshots';
export type { StoredMatch } from './appendChecks';
export { REBASING, TailMovedError } from './serverSync';

export interface OpenOptions {
  /** Told how far the reading of the log has come (events after the snapshot, if one is used). */
  readonly onProgress?: (loaded: number, total: number) => void;
  /**
   * Offered the newest whole snapshot of this format; returns whether it took it (its parts were
   * sound). If not, the next older one is offered, and in the end the log is read from its start.
   */
  readonly restore?: (snapshot: OpenedSnapshot) => boolean;
}

/** Reads of a stream, each after catching up, before a log that keeps moving is given up on. */
const STREAM_READ_ATTEMPTS = 5;

/**
 * The event log over IndexedDB: the only code that touches it. Appends are atomic, positions and
 * stream versions contiguous; every tab of the browser sees the others' appends.
 *
 * A facade: what one tab knows of the log is a LogState, and each job is a module of its own —
 * reads.ts, appends.ts (with appendChecks.ts), heldImport.ts (the large import), tabSync.ts
 * (other tabs' appends, a replaced database), serverSync.ts, indexSnapshots.ts. Work on the
 * index runs one at a time in this tab (`exclusive`).
 */
export class EventStore {
  private readonly log: LogState;
  private readonly otherTabs = new Set<() => void>();

  constructor(options: EventStoreOptions) {
    this.log = new LogState(options);
    followOtherTabs(this.log, () => {
      // A catch-up that failed (a closed or replaced log) has nothing new to tell.
      void this.catchUp().then(
        () => {
          for (const listener of this.otherTabs) listener();
        },
        () => undefined,
      );
    });
  }

  /** Hears, once, that this tab may no longer use its database, and why. */
  onGone(listener: (reason: string) => void): () => void {
    const { goneListeners, gone } = this.log;
    goneListeners.add(listener);
    if (gone !== null) listener(gone);
    return () => goneListeners.delete(listener);
  }

  /**
   * Reads the log once: from the newest sound snapshot that `restore` takes, or from the start,
   * in large batches, handing each batch to the listeners.
   */
  async open(options: OpenOptions = {}): Promise<void> {
    const log = this.log;
    // Read while the page starts; whether it can be used is decided below, against the log.
    const readAhead =
      options.restore && !log.opened ? snapshotRead(log.name, log.snapshotVersion) : undefined;
    await log.exclusive(async () => {
      if (log.opened) return;
      const meta = await log.db.meta.get('log');
      // What a failed import left; unless an import is writing now (in another tab).
      // Records beyond the head are not read: if removing them fails (a full disk, say), the
      // log opens all the same, and the next writer holding the lock removes them.
      if (meta?.staging)
        await ifLogLockFree(log.name, () => discardStaged(log.db)).catch(() => undefined);
      log.incarnation = meta?.incarnation;
      log.confirmedSeen = meta?.confirmed;
      log.rewritesSeen = meta?.rewrites ?? 0;
      const total = meta?.head ?? 0;
      if (options.restore && total > 0)
        await restoreSnapshot(log, total, options.restore, readAhead);
      const from = log.index.head + 1;
      for await (const batch of this.readAll({ fromPosition: from, toPosition: total })) {
        log.index.apply(batch);
        log.emit(batch);
        options.onProgress?.(log.index.head - from + 1, total - from + 1);
      }
      log.opened = true;
    });
    await this.catchUp();
  }

  /**
   * Writes a snapshot of this tab's index and of `views` (their parts), both as of `position`,
   * which must be this tab's head now: otherwise, or while another tab writes one, or when one
   * as new is stored already, it writes nothing ('skipped'). Runs in the background: the index's
   * parts are taken at once, and the parts written one by one. A full disk gives 'storage full'
   * and leaves the snapshots as they were.
   */
  writeSnapshot(position: number, views: readonly PartSource[]): Promise<SnapshotWrite> {
    return writeIndexSnapshot(this.log, position, views);
  }

  /** What the stored snapshots take, in bytes. */
  snapshotBytes(): Promise<number> {
    return snapshotBytes(this.log.db);
  }

  close(): void {
    this.log.closing = true;
    this.log.channel.close();
    this.log.db.close();
  }

  /** The IndexedDB database the log lives in. */
  get databaseName(): string {
    return this.log.name;
  }

  /** The newest position this tab knows of. */
  get head(): number {
    return this.log.index.head;
  }

  /** The newest position in storage, including other tabs' appends not yet seen here. */
  headPosition(): Promise<number> {
    return headPosition(this.log);
  }

  streamVersion(streamId: string): number {
    return this.log.index.streamVersion(streamId);
  }

  /**
   * Whether an event with this id may be in the log, as this tab knows it: false means it is
   * not; true is to be checked with `classify` (the index keeps ids as hashes).
   */
  mightBeStored(eventId: string): boolean {
    return this.log.index.candidatesOf(eventId).length > 0;
  }

  uniqueOwner(slot: string, value: string): string | undefined {
    return this.log.index.uniqueOwner(slot, value);
  }

  subscribe(listener: LogListener): () => void {
    const { listeners } = this.log;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * How many times this tab knows the log's pending tail was written again (by the sync). A
   * command gives it to `append` with the version it decided on: after a rewrite, the events at
   * that version may be others (another device's, where this device's pending ones were).
   */
  get tailRewrites(): number {
    return this.log.rewritesSeen;
  }

  /**
   * Appends events to one stream, all or nothing. Retrying with the same event ids and content
   * returns the stored events without writing; a stored id with other content is refused. Refused
   * with ConcurrencyError when the stream is not at `expectedVersion`, or when the tail was
   * written again since `tailRewrites` (if given).
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedVersion: ExpectedVersion; tailRewrites?: number },
  ): Promise<AppendResult> {
    return this.log.exclusive(() => appendNow(this.log, streamId, events, options));
  }

  /**
   * Appends events whose stream versions are already set (bulk ingest, demo data), all or
   * nothing, in one transaction. Events already stored with the same content are skipped.
   */
  appendPlaced(events: readonly PlacedEvent[]): Promise<BulkAppendResult> {
    return this.log.exclusive(() => appendPlacedNow(this.log, events));
  }

  /**
   * Appends a large batch of placed events that others hold (an import's workers), all or
   * nothing, with the checks of `appendPlaced`. The holders write whole chunks beyond the head
   * in transactions of their own while this tab holds the log's lock; one last transaction
   * writes the rest and moves the head, which is when readers see the batch. A failure before
   * it removes what was staged (or the next writer does, if this tab dies first).
   */
  appendHeld(held: HeldEvents): Promise<BulkAppendResult> {
    return this.log.exclusive(() => appendHeld(this.log, held));
  }

  /**
   * A stream's events, optionally between two stream versions (inclusive). The index and the
   * records are read apart: when a tail written again in between moved the stream's events, they
   * are read again once this tab has caught up, so that a command never decides on a mix.
   */
  readStream(
    streamId: string,
    range: { fromVersion?: number; toVersion?: number } = {},
  ): Promise<StoredEvent[]> {
    return wholeStream(this.log, streamId, range, () => this.catchUp());
  }

  /**
   * Runs `use` on a stream's events (as `readStream` reads them) while the rest of this tab's
   * index agrees with them (`streamVersion`, `uniqueOwner`): in the tab's queue, where no write
   * of this tab is half done. A tab that writes its tail again, or follows another tab's rewrite,
   * takes its index back until the new tail is in; a command that asked it then whether a
   * customer exists could be told no.
   */
  withStream<T>(streamId: string, use: (events: StoredEvent[]) => T): Promise<T> {
    return this.log.exclusive(async () =>
      use(await wholeStream(this.log, streamId, {}, () => catchUp(this.log))),
    );
  }

  /** Events from positions `from` to `to` inclusive. */
  readRange(from: number, to: number): Promise<StoredEvent[]> {
    return readRange(this.log, from, to);
  }

  /**
   * The log from a position, up to the head or `toPosition`, in batches of whole commit records
   * (no per-event cursor).
   */
  readAll(
    options: { fromPosition?: number; toPosition?: number } = {},
  ): AsyncGenerator<StoredEvent[]> {
    return readAll(this.log, options);
  }

  /**
   * The log as the event log file's text (docs/contract.md §3), up to the head or `toPosition`: each
   * piece is some events' elements, comma-separated, without the array's brackets (reads.ts).
   */
  readFileText(
    options: { toPosition?: number } = {},
  ): AsyncGenerator<{ text: Uint8Array | string; events: number }> {
    return readFileText(this.log, options);
  }

  /** Events recorded between two times (RFC 3339, inclusive), in position order. */
  readByTime(from: string, to: string): Promise<StoredEvent[]> {
    return readByTime(this.log, from, to);
  }

  /**
   * Read-only: which of the given events are already stored, each with the same content ('same':
   * an append would skip it) or other content ('other': an append would refuse the batch).
   * Ids not stored are left out. As of this tab's index; an append checks again.
   */
  classify(events: readonly ComparableEvent[]): Promise<Map<string, StoredMatch>> {
    const log = this.log;
    return log.exclusive(async () => {
      const found = await log.readCommits(() => classifyNow(log, events));
      return new Map([...found].map(([id, { match }]) => [id, match]));
    });
  }

  /**
   * Picks up appends made by other tabs (also run when another tab announces one), a batch at a
   * time: each read is its own task, and listeners hear each batch in order.
   */
  catchUp(): Promise<void> {
    return this.log.exclusive(() => catchUp(this.log));
  }

  /**
   * What this tab knows of the log's sync: the position up to which it is a server's; undefined
   * for a log that never synced.
   */
  get confirmed(): number | undefined {
    return this.log.confirmedSeen;
  }

  /** Hears when the position up to which the log is a server's moves (see `confirmed`). */
  onConfirmed(listener: (confirmed: number | undefined) => void): () => void {
    const { confirmedListeners } = this.log;
    confirmedListeners.add(listener);
    return () => confirmedListeners.delete(listener);
  }

  /**
   * Starts syncing: the whole log is this device's, not yet confirmed by a server (`confirmed`
   * is 0), with `records` kept beside it (see SyncRecord), all in one transaction. False, and
   * nothing written, when the log syncs already (another tab began meanwhile).
   */
  beginSync(records: Readonly<Record<string, unknown>> = {}): Promise<boolean> {
    return this.log.exclusive(() => beginSync(this.log, records));
  }

  /**
   * Stops syncing: the log stays as it is, every event in it this device's again, and what the
   * sync kept beside it goes.
   */
  endSync(): Promise<void> {
    return this.log.exclusive(() => endSync(this.log));
  }

  /**
   * Takes a sync server's events into the log, after the confirmed position `after`, which they
   * follow in the server's order; the log is the server's up to their end from then on.
   *
   * This device's pending events (after `after`) that the server's repeat, from the first on,
   * are confirmed as they stand. From the first that differs, the pending tail is taken out and
   * the server's events written in its place; the pending events taken out (but those the
   * server's events include by id, confirmed now) are kept in the sync record REBASING, in order,
   * for the sync to decide their commands again after the server's events. All in one
   * transaction. Refused with TailMovedError when the log is not at `expectedHead` or is
   * confirmed elsewhere than `after` (another tab wrote or synced meanwhile: catch up and try
   * again). Listeners, in this tab and others, take back the tail and fold the new one.
   * With `withdraw`, the pending events the server's do not repeat are taken out even when the
   * server sent nothing new: the sync decides them again without a command the server refused.
   * With `texts` (the server's own JSON of the events, by position), whole chunks keep those
   * bytes instead of serializing the events again.
   */
  acceptServerEvents(
    events: readonly PlacedEvent[],
    options: { after: number; expectedHead: number; withdraw?: boolean; texts?: EventTexts },
  ): Promise<{ confirmed: number; taken: StoredEvent[] }> {
    return this.log.exclusive(() => acceptServerEvents(this.log, events, options));
  }

  /** A record the sync keeps beside the log (see SyncRecord); undefined when there is none. */
  readSyncRecord(key: string): Promise<unknown> {
    return readSyncRecord(this.log, key);
  }

  /** Writes a record the sync keeps beside the log; undefined removes it. */
  async writeSyncRecord(key: string, value: unknown): Promise<void> {
    await changeSyncRecord(this.log, key, () => value);
  }

  /**
   * Writes the value `change` makes of a record the sync keeps beside the log (undefined when
   * there is none; undefined removes it), read and written at once: changes from several tabs
   * do not overwrite each other. Returns the value written.
   */
  changeSyncRecord(key: string, change: (stored: unknown) => unknown): Promise<unknown> {
    return changeSyncRecord(this.log, key, change);
  }

  /**
   * Hears that another tab changed the log or what the sync keeps beside it (once this tab
   * caught up with its appends).
   */
  onOtherTabs(listener: () => void): () => void {
    this.otherTabs.add(listener);
    return () => this.otherTabs.delete(listener);
  }
}

/** readStream (reads.ts), read again after `catchUp` while a rewritten tail moved the stream. */
async function wholeStream(
  log: LogState,
  streamId: string,
  range: { fromVersion?: number; toVersion?: number },
  catchUp: () => Promise<void>,
): Promise<StoredEvent[]> {
  for (let attempt = 1; attempt <= STREAM_READ_ATTEMPTS; attempt++) {
    const events = await readStream(log, streamId, range);
    if (events !== undefined) return events;
    await catchUp();
  }
  throw new Error(`The log kept changing while stream ${streamId} was read: try again.`);
}
