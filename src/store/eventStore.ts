import { CURRENT_DATA_VERSION, type StoredEvent } from '../domain/events';
import { catalogUpcasters, upcastEvent, type Upcasters } from '../domain/upcasters';
import { uniqueClaimsOf, type UniqueClaim } from '../domain/uniqueness';
import type { PartSource } from '../lib/packedStrings';
import { readStorage } from '../lib/storage';
import { yieldToMain } from '../lib/scheduling';
import { canonicalJson } from './canonical';
import { toCloudEvent } from './cloudEvents';
import {
  CHUNK_SIZE,
  chunkRecords,
  chunkStart,
  eventsOf,
  sealedUpTo,
  storedEventOf,
  toRecord,
} from './chunks';
import {
  newIncarnation,
  openEventLogDb,
  type CommitRecord,
  type EventLogDb,
  type LogMeta,
} from './db';
import {
  ConcurrencyError,
  IdempotencyError,
  StorageFullError,
  StorageInterruptedError,
  StreamSequenceError,
  UniqueConstraintError,
  isInterruption,
  isQuotaError,
} from './errors';
import { FirstIndexOfId } from './firstIndexOfId';
import { LogIndex, indexPartsOf, indexSourcesOf } from './logIndex';
import { ifLogLockFree, withLogLock, withSnapshotLock } from './logLock';
import {
  readSnapshots,
  snapshotBytes,
  writeSnapshot,
  type SnapshotData,
  type SnapshotWrite,
} from './snapshots';
import type {
  AppendResult,
  BulkAppendResult,
  ExpectedVersion,
  HeldEvents,
  LogListener,
  NewEvent,
  PlacedEvent,
  Placements,
} from './types';

/** Records a removal of a failed import's leftovers takes per transaction (~50,000 events). */
const DISCARD_RECORDS = 100;
/** Commit records per bulk read: up to ~10k events, so one read never holds the page long. */
const READ_BATCH_RECORDS = 20;
/**
 * Events per read when catching up on other tabs' appends: another tab's import can add a million
 * at once, and reading and parsing them in one go held this tab's page for seconds.
 */
const CATCH_UP_EVENTS = 5_000;

/** Whether one record holds every position from `from` to `to`. */
const holds = (record: CommitRecord, from: number, to: number): boolean =>
  record.first <= from && record.last >= to;

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

/** A snapshot as `open` hands it over: its position, and the parts other than the index's. */
export interface OpenedSnapshot {
  readonly position: number;
  readonly data: SnapshotData;
}

export interface OpenOptions {
  /** Told how far the reading of the log has come (events after the snapshot, if one is used). */
  readonly onProgress?: (loaded: number, total: number) => void;
  /**
   * Offered the newest whole snapshot of this format; returns whether it took it (its parts were
   * sound). If not, the next older one is offered, and in the end the log is read from its start.
   */
  readonly restore?: (snapshot: OpenedSnapshot) => boolean;
}

/** The prefix of the index's parts among a snapshot's. */
const INDEX_PART = 'index.';

/** Thrown by a write into a log other than the one this tab's index was read from. */
export class LogReplacedError extends Error {
  override readonly name = 'LogReplacedError';
  constructor() {
    super(
      'This desk was changed in another tab or window (its data was cleared or replaced): reload the page to see it as it is now.',
    );
  }
}

/** A tail rewrite found the log moved on since it was decided (see `replaceTail`). */
export class TailMovedError extends Error {
  override readonly name = 'TailMovedError';
  constructor() {
    super('The log changed while its tail was being written again: catch up and try again.');
  }
}

/** How an event compares with what is stored under its id (ids not stored are left out). */
export type StoredMatch = 'same' | 'other';

/** What identifies an event's content, and its place in its stream when it has one. */
type ComparableEvent = {
  id: string;
  type: string;
  streamId: string;
  data: unknown;
  dataVersion?: number;
  streamVersion?: number;
};

/**
 * The sync record of pending events taken out of the log by `acceptServerEvents`, in order, whose
 * commands the sync decides again.
 */
export const REBASING = 'rebasing';

const emptyMeta = (): LogMeta => ({ key: 'log', head: 0, sealed: 0 });

/** The content an event id stands for: retries must repeat it exactly. */
const contentOf = (event: {
  type: string;
  streamId: string;
  data: unknown;
  dataVersion?: number;
}): string =>
  canonicalJson([
    event.type,
    event.streamId,
    event.dataVersion ?? CURRENT_DATA_VERSION,
    event.data,
  ]);

/** The meta record with the staging mark taken off. */
function withoutStaging(meta: LogMeta): LogMeta {
  const settled = { ...meta };
  delete settled.staging;
  return settled;
}

/** Thrown inside an append's transaction that finds an import staging (see writeTransaction). */
class ImportStaging extends Error {}

/** What a bulk append checks of placed events it holds. */
const placementsOf = (events: readonly PlacedEvent[]): Placements => ({
  count: events.length,
  id: (index) => events[index]?.id ?? '',
  streamId: (index) => events[index]?.streamId ?? '',
  streamVersion: (index) => events[index]?.streamVersion ?? 0,
  claims: (index) => {
    const event = events[index];
    return event ? uniqueClaimsOf(event) : [];
  },
});

function expectedLabel(expected: ExpectedVersion): string {
  return typeof expected === 'number' ? `version ${expected}` : expected;
}

/**
 * The event log over IndexedDB: the only code that touches it. Appends are atomic, positions and
 * stream versions contiguous; every tab of the browser sees the others' appends.
 */
export class EventStore {
  private readonly db: EventLogDb;
  private readonly name: string;
  private index = new LogIndex();
  private readonly listeners = new Set<LogListener>();
  private readonly channel: BroadcastChannel;
  /** Serializes this tab's work on the index: appends and catch-ups run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private opened = false;
  private readonly upcasters: Upcasters;
  private readonly snapshotVersion: string;
  /** The incarnation of the log the index was read from (see LogMeta); undefined for a new log. */
  private incarnation: string | undefined;
  /**
   * Why this tab may not use its database any more (another tab upgraded or deleted it, or the
   * browser closed it); null while it may.
   */
  private gone: string | null = null;
  /**
   * What this tab last knew of the log's sync: the confirmed position (undefined for a log that
   * never synced) and the rewrites.
   */
  private confirmedSeen: number | undefined;
  private rewritesSeen = 0;
  private readonly goneListeners = new Set<(reason: string) => void>();
  private readonly confirmedListeners = new Set<(confirmed: number | undefined) => void>();
  private closing = false;

  constructor(options: EventStoreOptions) {
    this.db = openEventLogDb(options.name);
    this.name = options.name;
    this.upcasters = options.upcasters ?? catalogUpcasters;
    this.snapshotVersion = options.snapshotVersion ?? __SNAPSHOT_VERSION__;
    this.channel = new BroadcastChannel(`order-desk-log:${options.name}`);
    this.channel.onmessage = () => {
      void this.catchUp();
    };
    // Another tab upgrades or deletes the database (Dexie closes this connection to let it): what
    // this tab holds belongs to the database that was. It writes nothing more.
    this.db.on('versionchange', (event) => {
      this.lose(
        event.newVersion === null
          ? 'This desk was cleared in another tab or window.'
          : 'This desk was changed in another tab or window (a newer version of the app).',
      );
    });
    // The browser closed the connection itself (its data was cleared, say).
    this.db.on('close', () => {
      if (!this.closing)
        this.lose('The browser closed this desk’s storage (its data may have been cleared).');
    });
  }

  /** Stops using the database for good, and tells why. */
  private lose(reason: string): void {
    if (this.gone !== null) return;
    this.gone = reason;
    this.db.close({ disableAutoOpen: true });
    for (const listener of this.goneListeners) listener(reason);
  }

  /** Hears, once, that this tab may no longer use its database, and why (see `lose`). */
  onGone(listener: (reason: string) => void): () => void {
    this.goneListeners.add(listener);
    if (this.gone !== null) listener(this.gone);
    return () => this.goneListeners.delete(listener);
  }

  /**
   * Reads the log once: from the newest sound snapshot that `restore` takes, or from the start,
   * in large batches, handing each batch to the listeners.
   */
  async open(options: OpenOptions = {}): Promise<void> {
    await this.exclusive(async () => {
      if (this.opened) return;
      const meta = await this.db.meta.get('log');
      // What a failed import left; unless an import is writing now (in another tab).
      // Records beyond the head are not read: if removing them fails (a full disk, say), the
      // log opens all the same, and the next writer holding the lock removes them.
      if (meta?.staging)
        await ifLogLockFree(this.name, () => this.discardStaged()).catch(() => undefined);
      this.incarnation = meta?.incarnation;
      this.confirmedSeen = meta?.confirmed;
      this.rewritesSeen = meta?.rewrites ?? 0;
      const total = meta?.head ?? 0;
      if (options.restore && total > 0) await this.restoreSnapshot(total, options.restore);
      const from = this.index.head + 1;
      for await (const batch of this.readAll({ fromPosition: from, toPosition: total })) {
        this.index.apply(batch);
        this.emit(batch);
        options.onProgress?.(this.index.head - from + 1, total - from + 1);
      }
      this.opened = true;
    });
    await this.catchUp();
  }

  /** Restores the index from the newest snapshot whose other parts `restore` takes, if any. */
  private async restoreSnapshot(
    head: number,
    restore: (snapshot: OpenedSnapshot) => boolean,
  ): Promise<void> {
    const wanted = { version: this.snapshotVersion, incarnation: this.incarnation, head };
    for await (const { manifest, data } of readSnapshots(this.db, wanted)) {
      const { position } = manifest;
      // A log whose tail was written again since (another log under the same incarnation
      // cannot be) no longer has this event there.
      const [last] = await this.readRange(position, position);
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
      this.index = index;
      return;
    }
  }

  /**
   * Writes a snapshot of this tab's index and of `views` (their parts), both as of `position`,
   * which must be this tab's head now: otherwise, or while another tab writes one, or when one
   * as new is stored already, it writes nothing ('skipped'). Runs in the background: the index's
   * parts are taken at once, and the parts written one by one. A full disk gives 'storage full'
   * and leaves the snapshots as they were.
   */
  async writeSnapshot(position: number, views: readonly PartSource[]): Promise<SnapshotWrite> {
    if (position !== this.index.head || position === 0 || this.incarnation === undefined)
      return 'skipped';
    const incarnation = this.incarnation;
    const parts = [
      ...views,
      ...indexSourcesOf(this.index.parts()).map(({ name, make }) => ({
        name: INDEX_PART + name,
        make,
      })),
    ];
    return withSnapshotLock(this.name, async () => {
      const newest = await this.db.snapshots.orderBy('position').last();
      if (
        newest !== undefined &&
        newest.position >= position &&
        newest.version === this.snapshotVersion
      )
        return 'skipped';
      const [last] = await this.readRange(position, position);
      if (last === undefined) return 'skipped';
      return writeSnapshot(
        this.db,
        {
          position,
          version: this.snapshotVersion,
          incarnation,
          lastEventId: last.id,
          written: new Date().toISOString(),
        },
        parts,
      );
    });
  }

  /** What the stored snapshots take, in bytes. */
  snapshotBytes(): Promise<number> {
    return snapshotBytes(this.db);
  }

  close(): void {
    this.closing = true;
    this.channel.close();
    this.db.close();
  }

  /** The newest position this tab knows of. */
  /** The IndexedDB database the log lives in. */
  get databaseName(): string {
    return this.name;
  }

  get head(): number {
    return this.index.head;
  }

  /** The newest position in storage, including other tabs' appends not yet seen here. */
  async headPosition(): Promise<number> {
    return (await this.db.meta.get('log'))?.head ?? 0;
  }

  streamVersion(streamId: string): number {
    return this.index.streamVersion(streamId);
  }

  /**
   * Whether an event with this id may be in the log, as this tab knows it: false means it is
   * not; true is to be checked with `classify` (the index keeps ids as hashes).
   */
  mightBeStored(eventId: string): boolean {
    return this.index.candidatesOf(eventId).length > 0;
  }

  uniqueOwner(slot: string, value: string): string | undefined {
    return this.index.uniqueOwner(slot, value);
  }

  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Appends events to one stream, all or nothing. Retrying with the same event ids and content
   * returns the stored events without writing; a stored id with other content is refused.
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    return this.exclusive(() => this.appendNow(streamId, events, options.expectedVersion));
  }

  /**
   * Appends events whose stream versions are already set (bulk ingest, demo data), all or
   * nothing, in one transaction. Events already stored with the same content are skipped.
   */
  appendPlaced(events: readonly PlacedEvent[]): Promise<BulkAppendResult> {
    return this.exclusive(() => this.appendPlacedNow(events));
  }

  /**
   * Appends a large batch of placed events that others hold (an import's workers), all or
   * nothing, with the checks of `appendPlaced`. The holders write whole chunks beyond the head
   * in transactions of their own while this tab holds the log's lock; one last transaction
   * writes the rest and moves the head, which is when readers see the batch. A failure before
   * it removes what was staged (or the next writer does, if this tab dies first).
   */
  async appendHeld(held: HeldEvents): Promise<BulkAppendResult> {
    return this.exclusive(async () => {
      if (this.gone !== null) throw new LogReplacedError();
      const result = await withLogLock(this.name, () => this.appendHeldNow(held)).catch(
        async (error: unknown) => {
          throw await this.failureOf(error);
        },
      );
      if (result.written === 0) return result;
      this.announce();
      // Listeners (the views) need the events themselves: read back from the log, in batches.
      if (this.listeners.size > 0)
        for await (const batch of this.readAll({
          fromPosition: result.head - result.written + 1,
          toPosition: result.head,
        }))
          this.emit(batch);
      return result;
    });
  }

  /** A stream's events, optionally between two stream versions (inclusive). */
  async readStream(
    streamId: string,
    range: { fromVersion?: number; toVersion?: number } = {},
  ): Promise<StoredEvent[]> {
    const positions = this.index.streamPositions(streamId);
    const from = Math.max(1, range.fromVersion ?? 1);
    const to = Math.min(positions.length, range.toVersion ?? positions.length);
    const wanted = positions.slice(from - 1, to);
    return this.readCommits(() => this.eventsAt(wanted));
  }

  /** Events from positions `from` to `to` inclusive. */
  async readRange(from: number, to: number): Promise<StoredEvent[]> {
    if (to < from) return [];
    const record = await this.recordHolding(from, to);
    if (record) return this.current(eventsOf(record, from, to));
    return this.readCommits(() => this.readAcrossRecords(from, to));
  }

  /**
   * The one record that holds positions `from` to `to` (a timeline seek's range, inside a chunk),
   * read with a bare IndexedDB get; undefined if no one record holds them, or if the database is
   * not open (Dexie then opens it, or reopens it, and reads). Bare, not through Dexie: at 1M
   * events, 1,500 reads through Dexie transactions kept ~10 MB alive per young-generation
   * collection (pauses of ~15 ms) where bare gets kept nothing past the read (~3 ms). Likely the
   * pretenuring described at `WorkingCopy` (projections/projection.ts), of objects in Dexie's
   * own code.
   */
  private async recordHolding(from: number, to: number): Promise<CommitRecord | undefined> {
    let commits: IDBObjectStore;
    try {
      if (!this.db.isOpen()) return undefined;
      commits = this.db.backendDB().transaction('commits', 'readonly').objectStore('commits');
    } catch {
      // The connection closed before Dexie heard of it (InvalidStateError): Dexie's path reopens.
      return undefined;
    }
    const key = chunkStart(from);
    const record = await new Promise<CommitRecord | undefined>((resolve, reject) => {
      const request = commits.get(key);
      request.onsuccess = () => {
        resolve(request.result as CommitRecord | undefined);
      };
      request.onerror = () => {
        reject(request.error ?? new Error(`Reading the log at position ${key} failed.`));
      };
    });
    return record && holds(record, from, to) ? record : undefined;
  }

  /**
   * The log from a position, up to the head or `toPosition`, in batches of whole commit records
   * (no per-event cursor).
   */
  async *readAll(
    options: { fromPosition?: number; toPosition?: number } = {},
  ): AsyncGenerator<StoredEvent[]> {
    for await (const pieces of this.readRecords(options))
      yield pieces.flatMap(({ record, from, to }) => this.current(eventsOf(record, from, to)));
  }

  /**
   * The log as the event log file's text (CONTRACT.md §3), up to the head or `toPosition`: each
   * piece is some events' elements, comma-separated, without the array's brackets. A sealed chunk
   * whose bytes are exactly those elements is handed over as it is stored, with nothing parsed
   * or written again; the rest is written from the events.
   */
  async *readFileText(
    options: { toPosition?: number } = {},
  ): AsyncGenerator<{ text: Uint8Array | string; events: number }> {
    for await (const pieces of this.readRecords(options))
      for (const { record, from, to } of pieces) {
        if (
          'cloudEvents' in record &&
          record.exact === true &&
          from === record.first &&
          to === record.last &&
          this.upcasters.isEmpty
        )
          yield {
            text: record.cloudEvents.subarray(1, record.cloudEvents.length - 1),
            events: to - from + 1,
          };
        else {
          const events = this.current(eventsOf(record, from, to));
          yield {
            text: JSON.stringify(events.map(toCloudEvent)).slice(1, -1),
            events: events.length,
          };
        }
      }
  }

  /**
   * The records holding positions `fromPosition` (default 1) to `toPosition` (default the head),
   * in batches, each with the part of it that is asked for.
   */
  private async *readRecords(options: {
    fromPosition?: number;
    toPosition?: number;
  }): AsyncGenerator<{ record: CommitRecord; from: number; to: number }[]> {
    const from = Math.max(1, options.fromPosition ?? 1);
    // Never past the head: an import may be staging records beyond it.
    const to = options.toPosition ?? (await this.headPosition());
    if (to < from) return;
    const piece = (record: CommitRecord, start: number) => ({
      record,
      from: Math.max(start, record.first),
      to: Math.min(to, record.last),
    });
    const first = await this.recordContaining(from);
    let after = from - 1;
    if (first) {
      yield [piece(first, from)];
      after = first.last;
    }
    const recordsAfter = (position: number) =>
      this.db.commits
        .where('first')
        .between(position, to, false, true)
        .limit(READ_BATCH_RECORDS)
        .toArray();
    // The next batch is on its way while the caller works on this one.
    let reading = after < to ? recordsAfter(after) : undefined;
    try {
      while (reading) {
        const records = await reading;
        const last = records.at(-1);
        if (!last || records[0]?.first !== after + 1) {
          // An append merged the tail into chunks since the last batch (these reads are not one
          // transaction): the events after `after` are now in a record that begins before them.
          const merged = await this.recordContaining(after + 1);
          if (!merged) return;
          reading = merged.last < to ? recordsAfter(merged.last) : undefined;
          yield [piece(merged, after + 1)];
          after = merged.last;
          continue;
        }
        reading = last.last < to ? recordsAfter(last.last) : undefined;
        yield records.map((record) => piece(record, record.first));
        after = last.last;
      }
    } finally {
      // A caller that stops early leaves a read on its way: its outcome no longer matters.
      reading?.catch(() => undefined);
    }
  }

  /** Events recorded between two times (RFC 3339, inclusive), in position order. */
  async readByTime(from: string, to: string): Promise<StoredEvent[]> {
    const { head, records } = await this.db.transaction(
      'r',
      this.db.commits,
      this.db.meta,
      async () => ({
        head: (await this.db.meta.get('log'))?.head ?? 0,
        records: await this.db.commits.where('maxTime').aboveOrEqual(from).toArray(),
      }),
    );
    return records
      .filter((record) => record.first <= head && record.minTime <= to)
      .sort((a, b) => a.first - b.first)
      .flatMap((record) =>
        this.current(eventsOf(record).filter((event) => event.time >= from && event.time <= to)),
      );
  }

  /**
   * Read-only: which of the given events are already stored, each with the same content ('same':
   * an append would skip it) or other content ('other': an append would refuse the batch).
   * Ids not stored are left out. As of this tab's index; an append checks again.
   */
  classify(events: readonly ComparableEvent[]): Promise<Map<string, StoredMatch>> {
    return this.exclusive(async () => {
      const found = await this.readCommits(() => this.classifyNow(events));
      return new Map([...found].map(([id, { match }]) => [id, match]));
    });
  }

  /**
   * Picks up appends made by other tabs (also run when another tab announces one), a batch of
   * CATCH_UP_EVENTS at a time: each read is its own task, and listeners hear each batch in order.
   */
  catchUp(): Promise<void> {
    return this.exclusive(async () => {
      if (!this.opened) return;
      // Committed positions up to the head never change (but for a rewritten tail, see
      // followRewrites): later reads need not share a transaction.
      const meta = await this.db.meta.get('log');
      this.checkIncarnation(meta);
      let rewrittenFrom = this.followRewrites(meta);
      this.seeConfirmed(meta?.confirmed);
      const head = meta?.head ?? 0;
      while (this.index.head < head) {
        const from = this.index.head + 1;
        const to = Math.min(head, this.index.head + CATCH_UP_EVENTS);
        const missed = await this.readCommits(() => this.readRangeNow(from, to));
        if (missed.length === 0) return;
        this.index.apply(missed);
        this.emit(missed, rewrittenFrom);
        rewrittenFrom = undefined;
      }
    });
  }

  /**
   * When another tab wrote the log's tail again since this one looked (meta's `rewrites`), takes
   * the index back to the confirmed position this tab knew, which every rewrite since starts
   * after; the events from there are read again. Returns the position listeners must take back
   * from, if any.
   */
  private followRewrites(meta: LogMeta | undefined): number | undefined {
    const rewrites = meta?.rewrites ?? 0;
    if (rewrites === this.rewritesSeen) return undefined;
    this.takeBack(Math.min(this.confirmedSeen ?? 0, this.index.head));
    this.rewritesSeen = rewrites;
    this.seeConfirmed(meta?.confirmed);
    this.index.forget(this.confirmedSeen ?? 0);
    return this.index.head + 1;
  }

  /**
   * Takes the index back to `position`; an index restored from a snapshot after it cannot go
   * back so far, and is read again from the first event instead (its head says which).
   */
  private takeBack(position: number): void {
    try {
      this.index.truncate(position);
    } catch {
      this.index = new LogIndex();
    }
  }

  /**
   * What this tab knows of the log's sync: the position up to which it is a server's; undefined
   * for a log that never synced.
   */
  get confirmed(): number | undefined {
    return this.confirmedSeen;
  }

  /** Hears when the position up to which the log is a server's moves (see `confirmed`). */
  onConfirmed(listener: (confirmed: number | undefined) => void): () => void {
    this.confirmedListeners.add(listener);
    return () => this.confirmedListeners.delete(listener);
  }

  private seeConfirmed(confirmed: number | undefined): void {
    if (confirmed === this.confirmedSeen) return;
    this.confirmedSeen = confirmed;
    for (const listener of this.confirmedListeners) listener(confirmed);
  }

  /**
   * Starts syncing: the whole log is this device's, not yet confirmed by a server (`confirmed`
   * is 0), unless it synced already.
   */
  beginSync(): Promise<number> {
    return this.exclusive(() =>
      withLogLock(this.name, async () => {
        const confirmed = await this.db.transaction('rw', this.db.meta, async () => {
          const meta = await this.ownLog((await this.db.meta.get('log')) ?? emptyMeta());
          if (meta.confirmed !== undefined) return meta.confirmed;
          await this.db.meta.put({ ...meta, confirmed: 0 });
          return 0;
        });
        this.seeConfirmed(confirmed);
        return confirmed;
      }),
    );
  }

  /**
   * Stops syncing: the log stays as it is, every event in it this device's again, and what the
   * sync kept beside it goes.
   */
  endSync(): Promise<void> {
    return this.exclusive(() =>
      this.db.transaction('rw', this.db.meta, this.db.sync, async () => {
        const meta = await this.db.meta.get('log');
        if (meta !== undefined) {
          const local = { ...meta };
          delete local.confirmed;
          await this.db.meta.put(local);
        }
        await this.db.sync.clear();
        this.seeConfirmed(undefined);
      }),
    );
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
   */
  acceptServerEvents(
    events: readonly PlacedEvent[],
    options: { after: number; expectedHead: number; withdraw?: boolean },
  ): Promise<{ confirmed: number; taken: StoredEvent[] }> {
    const { after, expectedHead } = options;
    return this.exclusive(() =>
      withLogLock(this.name, async () => {
        if (this.gone !== null) throw new LogReplacedError();
        await this.discardStaged();
        const head = this.index.head;
        if (head !== expectedHead || this.confirmedSeen !== after) throw new TailMovedError();
        const pending = head > after ? await this.readRange(after + 1, head) : [];
        let same = 0;
        while (
          same < events.length &&
          same < pending.length &&
          (pending[same] as StoredEvent).id === (events[same] as PlacedEvent).id &&
          contentOf(pending[same] as StoredEvent) === contentOf(events[same] as PlacedEvent)
        )
          same++;
        const confirmed = after + events.length;
        const from = after + same + 1;
        // A rewrite takes pending events back; with every pending event confirmed, the server's
        // new events simply follow at the head.
        const rewrite =
          same < pending.length && (same < events.length || options.withdraw === true);
        const incoming = events.slice(same);
        const extend = !rewrite && incoming.length > 0;
        const serverIds = new Set(incoming.map((event) => event.id));
        const taken = rewrite
          ? pending.slice(same).filter((event) => !serverIds.has(event.id))
          : [];
        if (rewrite && this.index.earliestTruncation > from - 1) {
          // Restored from a snapshot after `from` (the first sync of a log that had one): an
          // index read from the first event can go back anywhere.
          const whole = new LogIndex();
          whole.apply(await this.readRange(1, head));
          this.index = whole;
        }
        let stored: StoredEvent[] = [];
        try {
          await this.db.transaction(
            'rw',
            [this.db.commits, this.db.meta, this.db.sync, this.db.snapshots, this.db.snapshotParts],
            async () => {
              const meta = await this.ownLog((await this.db.meta.get('log')) ?? emptyMeta());
              if (
                meta.head !== head ||
                meta.confirmed !== after ||
                (meta.rewrites ?? 0) !== this.rewritesSeen
              )
                throw new TailMovedError();
              if (!rewrite && !extend) {
                await this.db.meta.put({ ...meta, confirmed });
                return;
              }
              if (rewrite) this.index.truncate(from - 1);
              const before = [...(await this.classifyNow(incoming)).keys()];
              if (before.length > 0)
                throw new Error(`Event ${before[0] ?? ''} is stored before position ${from}.`);
              this.checkPlacements(placementsOf(incoming), new Map());
              stored = incoming.map((event, i) => storedEventOf(event, from + i));
              if (extend) {
                await this.writeEvents({ ...meta, confirmed }, stored);
                return;
              }
              // The record that holds `from` keeps what comes before it; the rest goes.
              const split = await this.recordContaining(from);
              const kept =
                split && split.first < from ? eventsOf(split, split.first, from - 1) : [];
              await this.db.commits
                .where('first')
                .aboveOrEqual(split?.first ?? from)
                .delete();
              if (kept.length > 0) await this.db.commits.add(toRecord(kept));
              const cut: LogMeta = {
                ...meta,
                head: from - 1,
                sealed: Math.min(meta.sealed, sealedUpTo(from - 1)),
                confirmed,
                rewrites: (meta.rewrites ?? 0) + 1,
              };
              await this.db.meta.put(cut);
              await this.writeEvents(cut, stored);
              const rebasing = (await this.db.sync.get(REBASING))?.value as
                StoredEvent[] | undefined;
              await this.db.sync.put({ key: REBASING, value: [...(rebasing ?? []), ...taken] });
              await this.db.snapshots.where('position').aboveOrEqual(from).delete();
              await this.db.snapshotParts
                .where('[position+name]')
                .between([from, ''], [Infinity, '\uffff'])
                .delete();
            },
          );
        } catch (error) {
          if (rewrite) {
            // The index as it was before the transaction, tail and all.
            this.takeBack(from - 1);
            this.index.apply(pending.slice(same));
          }
          throw error instanceof TailMovedError ? error : await this.failureOf(error);
        }
        if (rewrite) {
          this.index.apply(stored);
          this.rewritesSeen += 1;
          this.emit(stored, from);
        } else if (extend) {
          this.index.apply(stored);
          this.emit(stored);
        }
        this.seeConfirmed(confirmed);
        this.announce();
        this.index.forget(confirmed);
        return { confirmed, taken };
      }),
    );
  }

  /** A record the sync keeps beside the log (see SyncRecord); undefined when there is none. */
  async readSyncRecord(key: string): Promise<unknown> {
    return (await this.db.sync.get(key))?.value;
  }

  /** Writes a record the sync keeps beside the log; undefined removes it. */
  async writeSyncRecord(key: string, value: unknown): Promise<void> {
    if (this.gone !== null) throw new LogReplacedError();
    try {
      if (value === undefined) await this.db.sync.delete(key);
      else await this.db.sync.put({ key, value });
    } catch (error) {
      throw await this.failureOf(error);
    }
  }

  /**
   * Runs `work` in one read-only transaction over the commits. Every transaction's scope is an
   * async function: Dexie follows its transaction across native awaits only in those. From a
   * plain function that returns a promise, the reads after the first await ran in whichever
   * transaction was current then, another command's when several were in flight in one tab
   * (PrematureCommitError, a chunk of 501 events, a confirmed event lost).
   */
  private readCommits<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction('r', this.db.commits, async () => work());
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private emit(events: readonly StoredEvent[], rewrittenFrom?: number): void {
    if (events.length === 0 && rewrittenFrom === undefined) return;
    for (const listener of this.listeners) listener(events, rewrittenFrom);
  }

  private announce(): void {
    this.channel.postMessage({ head: this.index.head });
  }

  /** Events as read from storage, brought up to the current data version. */
  private current(events: StoredEvent[]): StoredEvent[] {
    if (this.upcasters.isEmpty) return events;
    return events.map((event) => upcastEvent(this.upcasters, event));
  }

  /** The record that holds `position`, if any, as stored: nothing of it parsed yet. */
  private async recordContaining(position: number): Promise<CommitRecord | undefined> {
    const record = await this.db.commits.where('first').belowOrEqual(position).last();
    return record && record.last >= position ? record : undefined;
  }

  /**
   * The events at `positions` (ascending), each record read once and only those events parsed of
   * it: a stream's few events in a sealed chunk, not its 500.
   */
  private async eventsAt(positions: readonly number[]): Promise<StoredEvent[]> {
    const found: StoredEvent[] = [];
    let record: CommitRecord | undefined;
    for (const position of positions) {
      if (!record || position > record.last) record = await this.recordContaining(position);
      if (record) found.push(...this.current(eventsOf(record, position, position)));
    }
    return found;
  }

  private async readRangeNow(from: number, to: number): Promise<StoredEvent[]> {
    if (to < from) return [];
    // Sealed chunks start right after a multiple of CHUNK_SIZE: a range inside one (a timeline
    // seek) is one read by key, where finding the record that holds `from` takes a cursor.
    const chunk = await this.db.commits.get(chunkStart(from));
    if (chunk && holds(chunk, from, to)) return this.current(eventsOf(chunk, from, to));
    return this.readAcrossRecords(from, to);
  }

  /** Events from `from` to `to` (not empty), from the record holding `from` and those after it. */
  private async readAcrossRecords(from: number, to: number): Promise<StoredEvent[]> {
    const first = await this.recordContaining(from);
    const rest = await this.db.commits.where('first').between(from, to, false, true).toArray();
    return (first ? [first, ...rest] : rest).flatMap((record) =>
      this.current(eventsOf(record, from, to)),
    );
  }

  /**
   * Runs `work` in a read-write transaction over the log after bringing the index up to date
   * with appends other tabs made; events caught up that way reach the listeners even if `work`
   * fails, and the ones `work` writes reach them (and other tabs) once the transaction commits.
   */
  private async writeTransaction<T>(
    work: (meta: LogMeta) => Promise<{ result: T; written: StoredEvent[] }>,
    { locked }: { locked: boolean } = { locked: false },
  ): Promise<T> {
    const missed: StoredEvent[] = [];
    let rewrittenFrom: number | undefined;
    let incarnation: string | undefined;
    const attempt = () =>
      this.db.transaction('rw', this.db.commits, this.db.meta, async () => {
        const meta = await this.ownLog((await this.db.meta.get('log')) ?? emptyMeta());
        incarnation = meta.incarnation;
        // An import is writing, or one failed: only a holder of the lock may tell which, and
        // it removes what a failed one left before it tries (see below).
        if (meta.staging) throw new ImportStaging();
        rewrittenFrom = this.followRewrites(meta) ?? rewrittenFrom;
        if (meta.head > this.index.head) {
          const events = await this.readRangeNow(this.index.head + 1, meta.head);
          this.index.apply(events);
          // One by one: push(...events) overflows the stack after another tab's big import.
          for (const event of events) missed.push(event);
        }
        return work(meta);
      });
    if (this.gone !== null) throw new LogReplacedError();
    try {
      // An append does without the lock unless it finds an import staging: then it waits for
      // the lock (the import's end, or the proof that its tab died) and tries again.
      const { result, written } = await attempt().catch((error: unknown) => {
        if (!(error instanceof ImportStaging)) throw error;
        // No import is writing while this tab holds the lock: what is beyond the head is left
        // over from one that failed.
        const again = async () => {
          await this.discardStaged();
          return attempt();
        };
        return locked ? again() : withLogLock(this.name, again);
      });
      this.incarnation ??= incarnation;
      this.index.apply(written);
      this.emit(missed, rewrittenFrom);
      this.emit(written);
      if (written.length > 0) this.announce();
      return result;
    } catch (error) {
      this.emit(missed, rewrittenFrom);
      throw await this.failureOf(error);
    }
  }

  /**
   * A failed write's error as the desk words it: a full disk says how full; an interrupted
   * transaction says to try again (the runner does); the store's own refusals stay as they are.
   */
  private async failureOf(error: unknown): Promise<unknown> {
    if (isQuotaError(error)) {
      const { usage, quota } = await readStorage();
      return new StorageFullError(usage, quota);
    }
    if (this.gone !== null) return new LogReplacedError();
    return isInterruption(error) ? new StorageInterruptedError() : error;
  }

  /**
   * Checks that the log is the one this tab's index was read from, before reading from it or
   * writing to it; a tab whose index holds nothing takes the log as it finds it. Throws
   * LogReplacedError for another log: the database was deleted and made again, or replaced,
   * since this tab read it.
   */
  private checkIncarnation(meta: LogMeta | undefined): void {
    if (this.incarnation === undefined && this.index.head === 0) {
      this.incarnation = meta?.incarnation;
      return;
    }
    if (meta?.incarnation !== this.incarnation) throw new LogReplacedError();
  }

  /**
   * The log's meta record, checked (see checkIncarnation); a log never written to is given its
   * incarnation now, inside the write's transaction, which this tab takes once it commits.
   */
  private async ownLog(meta: LogMeta): Promise<LogMeta> {
    this.checkIncarnation(meta);
    if (meta.incarnation !== undefined) return meta;
    const made = { ...meta, incarnation: newIncarnation() };
    await this.db.meta.put(made);
    return made;
  }

  /** Writes events after the head, merging the unsealed tail into chunks once it is big enough. */
  private async writeEvents(meta: LogMeta, events: StoredEvent[]): Promise<void> {
    const last = events.at(-1);
    if (!last) return;
    const tailSize = meta.head - meta.sealed;
    if (tailSize + events.length < CHUNK_SIZE) {
      await this.db.commits.add(toRecord(events));
      await this.db.meta.put({ ...meta, head: last.position });
      return;
    }
    const tail = await this.db.commits.where('first').above(meta.sealed).toArray();
    const all = tail.flatMap((record) => eventsOf(record)).concat(events);
    await this.db.commits.bulkDelete(tail.map((record) => record.first));
    await this.db.commits.bulkAdd(chunkRecords(all));
    await this.db.meta.put({ ...meta, head: last.position, sealed: sealedUpTo(last.position) });
  }

  /**
   * Removes what an import staged beyond the head, if one was given up (logLock.ts held): a slice
   * of records per transaction, the main thread given back in between, and the staging mark last.
   * Readers never look beyond the head, so the log is whole at every step; and as each step only
   * removes (the mark's record shrinks), it works on a full disk too.
   */
  private async discardStaged(): Promise<void> {
    for (;;) {
      const done = await this.db.transaction('rw', this.db.commits, this.db.meta, async () => {
        const meta = await this.db.meta.get('log');
        if (!meta?.staging) return true;
        const staged = await this.db.commits
          .where('first')
          .above(meta.head)
          .limit(DISCARD_RECORDS)
          .primaryKeys();
        if (staged.length > 0) {
          await this.db.commits.bulkDelete(staged);
          return false;
        }
        await this.db.meta.put(withoutStaging(meta));
        return true;
      });
      if (done) return;
      await yieldToMain();
    }
  }

  /**
   * Compares the given events with those stored under their ids (see `classify`), each with
   * the position it is stored at. The index gives the positions whose ids hash alike; the
   * events there are read to compare the ids themselves.
   */
  private async classifyNow(
    events: readonly ComparableEvent[],
  ): Promise<Map<string, { match: StoredMatch; position: number }>> {
    const candidates = events.map((event) => this.index.candidatesOf(event.id));
    const matches = new Map<string, { match: StoredMatch; position: number }>();
    const positions = [...new Set(candidates.flat())].sort((a, b) => a - b);
    if (positions.length === 0) return matches;
    const stored = new Map<number, StoredEvent>();
    for (const event of await this.eventsAt(positions)) stored.set(event.position, event);
    events.forEach((event, i) => {
      const existing = candidates[i]
        ?.map((position) => stored.get(position))
        .find((candidate) => candidate?.id === event.id);
      if (existing === undefined || matches.get(event.id)?.match === 'other') return;
      const same =
        contentOf(existing) === contentOf(event) &&
        (event.streamVersion === undefined || event.streamVersion === existing.streamVersion);
      matches.set(event.id, { match: same ? 'same' : 'other', position: existing.position });
    });
    return matches;
  }

  /**
   * Which of the given events are already stored with the same content, and where; throws on
   * other content.
   */
  private async storedDuplicates(events: readonly ComparableEvent[]): Promise<Map<string, number>> {
    const duplicates = new Map<string, number>();
    for (const [id, { match, position }] of await this.classifyNow(events)) {
      if (match === 'other')
        throw new IdempotencyError(id, 'this id is already stored with other content.');
      duplicates.set(id, position);
    }
    return duplicates;
  }

  private appendNow(
    streamId: string,
    events: readonly NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    return this.writeTransaction<AppendResult>(async (meta) => {
      const duplicates = await this.storedDuplicates(
        events.map((event) => ({ ...event, streamId })),
      );
      if (duplicates.size > 0) {
        if (duplicates.size !== events.length) {
          const fresh = events.find((event) => !duplicates.has(event.id));
          throw new IdempotencyError(
            fresh?.id ?? '',
            'the batch mixes new events with events already stored.',
          );
        }
        const positions = events.map((event) => duplicates.get(event.id) ?? 0);
        const stored = await this.readRangeNow(Math.min(...positions), Math.max(...positions));
        return {
          result: {
            events: stored.filter((event) => duplicates.has(event.id)),
            streamVersion: this.index.streamVersion(streamId),
            duplicate: true,
          },
          written: [],
        };
      }
      const current = this.index.streamVersion(streamId);
      const matches =
        expectedVersion === 'any' ||
        (expectedVersion === 'no_stream' ? current === 0 : current === expectedVersion);
      if (!matches) throw new ConcurrencyError(streamId, expectedLabel(expectedVersion), current);
      const seenIds = new Set<string>();
      const claims = new ClaimOverlay(this.index);
      const stored = events.map((event, i): StoredEvent => {
        if (seenIds.has(event.id))
          throw new IdempotencyError(event.id, 'the same id appears twice in one append.');
        seenIds.add(event.id);
        claims.check(uniqueClaimsOf(event));
        return {
          ...event,
          dataVersion: event.dataVersion ?? CURRENT_DATA_VERSION,
          position: meta.head + i + 1,
          streamId,
          streamVersion: current + i + 1,
        };
      });
      await this.writeEvents(meta, stored);
      return {
        result: { events: stored, streamVersion: current + stored.length, duplicate: false },
        written: stored,
      };
    });
  }

  /**
   * Checks a bulk append against the log, in order: ids not repeated, stream versions that
   * continue the log's, unique claims free. Throws the first refusal; returns the indices of the
   * events to write (not in `duplicates`, which are stored already with the same content).
   */
  private checkPlacements(
    placements: Placements,
    duplicates: ReadonlyMap<string, number>,
  ): number[] {
    const versions = new Map<string, number>();
    const seenIds = new FirstIndexOfId();
    const claims = new ClaimOverlay(this.index);
    const fresh: number[] = [];
    for (let index = 0; index < placements.count; index++) {
      const id = placements.id(index);
      if (duplicates.size > 0 && duplicates.has(id)) continue;
      if (seenIds.firstUse(id, index) !== undefined)
        throw new StreamSequenceError(id, index, `Event ${id} appears twice.`);
      const streamId = placements.streamId(index);
      const streamVersion = placements.streamVersion(index);
      const version = versions.get(streamId) ?? this.index.streamVersion(streamId);
      if (streamVersion !== version + 1)
        throw new StreamSequenceError(
          id,
          index,
          `Event ${id} has version ${streamVersion} of ${streamId}, which is at version ${version}: versions must continue without gaps or overlaps.`,
        );
      versions.set(streamId, streamVersion);
      claims.check(placements.claims(index));
      fresh.push(index);
    }
    return fresh;
  }

  /** `appendHeld`, holding the log's lock. */
  private async appendHeldNow(held: HeldEvents): Promise<BulkAppendResult> {
    // Brings the index up to date and marks the log as staging: from here on, a failure (or this
    // tab's death) leaves records beyond the head, which the next writer removes.
    const before = await this.writeTransaction(
      async (meta) => {
        await this.db.meta.put({ ...meta, staging: true });
        return { result: meta, written: [] };
      },
      { locked: true },
    );
    let fresh: number[];
    try {
      const duplicates = await this.heldDuplicates(held);
      // The holders write while this thread checks the batch: positions depend only on which
      // events are stored already. A refusal waits for them to stop, then removes what they wrote.
      const staging = Promise.allSettled(this.startStaging(held, duplicates, before.head));
      try {
        fresh = this.checkPlacements(held, duplicates);
      } finally {
        await staging;
      }
      let loose: StoredEvent[] = [];
      for (const outcome of await staging) {
        if (outcome.status === 'rejected') throw outcome.reason;
        loose = loose.concat(outcome.value);
      }
      await this.seal(before, loose, before.head + fresh.length);
    } catch (error) {
      await this.discardStaged();
      throw error;
    }
    fresh.forEach((index, i) => {
      this.index.add(held.id(index), held.streamId(index), before.head + i + 1, held.claims(index));
    });
    return {
      written: fresh.length,
      skipped: held.count - fresh.length,
      head: before.head + fresh.length,
    };
  }

  /** Ids of a held batch stored with the same content already; throws on other content. */
  private async heldDuplicates(held: HeldEvents): Promise<Map<string, number>> {
    const known: number[] = [];
    // Into an empty log (the usual large import) nothing is stored yet.
    if (this.index.head > 0)
      for (let index = 0; index < held.count; index++)
        if (this.index.candidatesOf(held.id(index)).length > 0) known.push(index);
    if (known.length === 0) return new Map();
    const events = await held.eventsAt(known);
    return this.readCommits(() => this.storedDuplicates(events));
  }

  /** Has the holders of the parts stage their whole chunks, side by side (staging.ts). */
  private startStaging(
    held: HeldEvents,
    duplicates: ReadonlyMap<string, number>,
    head: number,
  ): Promise<StoredEvent[]>[] {
    let covered = 0;
    for (const part of held.parts) {
      if (part.from !== covered)
        throw new Error('The parts of a held batch must follow each other.');
      covered = part.to;
    }
    if (covered !== held.count) throw new Error('The parts of a held batch must cover it.');
    let next = head + 1;
    const staging = held.parts.map((part) => {
      const skip: number[] = [];
      if (duplicates.size > 0)
        for (let index = part.from; index < part.to; index++)
          if (duplicates.has(held.id(index))) skip.push(index - part.from);
      const firstPosition = next;
      next += part.to - part.from - skip.length;
      return part.stage({ database: this.name, firstPosition, skip });
    });
    return staging;
  }

  /**
   * The import's last transaction: writes the events outside the staged chunks, merged with the
   * unsealed tail, and moves the head, which is when readers see the import.
   */
  private async seal(before: LogMeta, loose: StoredEvent[], head: number): Promise<void> {
    await this.db.transaction('rw', this.db.commits, this.db.meta, async () => {
      const meta = await this.db.meta.get('log');
      if (!meta?.staging || meta.head !== before.head)
        throw new Error('The log changed while the import was being written.');
      // Also with nothing to add: a tail left by chunks of 1000 events may hold whole chunks now.
      if (loose.length > 0 || sealedUpTo(head) > before.sealed) {
        const tail = await this.db.commits
          .where('first')
          .between(before.sealed, before.head, false, true)
          .toArray();
        await this.db.commits.bulkDelete(tail.map((record) => record.first));
        await this.db.commits.bulkAdd(
          chunkRecords(tail.flatMap((record) => eventsOf(record)).concat(loose)),
        );
      }
      await this.db.meta.put({ ...withoutStaging(meta), head, sealed: sealedUpTo(head) });
    });
  }

  private appendPlacedNow(events: readonly PlacedEvent[]): Promise<BulkAppendResult> {
    return this.writeTransaction(async (meta) => {
      const duplicates = await this.storedDuplicates(events);
      const stored = this.checkPlacements(placementsOf(events), duplicates).map((index, i) =>
        storedEventOf(events[index] as PlacedEvent, meta.head + i + 1),
      );
      await this.writeEvents(meta, stored);
      return {
        result: {
          written: stored.length,
          skipped: duplicates.size,
          head: meta.head + stored.length,
        },
        written: stored,
      };
    });
  }
}

/**
 * Unique claims made earlier in the same batch, on top of the log's: an owner's new claim
 * releases its previous value, so another owner may take it later in the batch.
 */
class ClaimOverlay {
  private readonly owners = new Map<string, string | null>();
  private readonly held = new Map<string, string>();

  constructor(private readonly index: LogIndex) {}

  /** Refuses an event's unique claims if another owner holds them. */
  check(claims: readonly UniqueClaim[]): void {
    for (const claim of claims) {
      const key = `${claim.slot}:${claim.value}`;
      const owner = this.ownerOf(key, claim.slot, claim.value);
      if (owner != null && owner !== claim.owner)
        throw new UniqueConstraintError(claim.slot, claim.value, owner);
      const heldBy = `${claim.slot}|${claim.owner}`;
      const previous = this.held.get(heldBy) ?? this.index.heldKey(claim.slot, claim.owner);
      // As in LogIndex.add: a key that two owners' older values share stays with its holder.
      if (
        previous !== undefined &&
        previous !== key &&
        this.ownerOf(previous, claim.slot, previous.slice(claim.slot.length + 1)) === claim.owner
      )
        this.owners.set(previous, null);
      this.owners.set(key, claim.owner);
      this.held.set(heldBy, key);
    }
  }

  private ownerOf(key: string, slot: string, value: string): string | null | undefined {
    return this.owners.has(key) ? this.owners.get(key) : this.index.uniqueOwner(slot, value);
  }
}
