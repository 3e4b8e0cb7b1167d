import { CURRENT_DATA_VERSION, type StoredEvent } from '../domain/events';
import { catalogUpcasters, upcastEvent, type Upcasters } from '../domain/upcasters';
import { uniqueClaimsOf, type UniqueClaim } from '../domain/uniqueness';
import { canonicalJson } from './canonical';
import {
  CHUNK_SIZE,
  chunkRecords,
  chunkStart,
  eventsOf,
  sealedUpTo,
  storedEventOf,
  toRecord,
} from './chunks';
import { openEventLogDb, type CommitRecord, type EventLogDb, type LogMeta } from './db';
import {
  ConcurrencyError,
  IdempotencyError,
  StreamSequenceError,
  UniqueConstraintError,
} from './errors';
import { FirstIndexOfId } from './firstIndexOfId';
import { LogIndex } from './logIndex';
import { ifLogLockFree, withLogLock } from './logLock';
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
  private readonly index = new LogIndex();
  private readonly listeners = new Set<LogListener>();
  private readonly channel: BroadcastChannel;
  /** Serializes this tab's work on the index: appends and catch-ups run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private opened = false;
  private readonly upcasters: Upcasters;

  constructor(options: EventStoreOptions) {
    this.db = openEventLogDb(options.name);
    this.name = options.name;
    this.upcasters = options.upcasters ?? catalogUpcasters;
    this.channel = new BroadcastChannel(`order-desk-log:${options.name}`);
    this.channel.onmessage = () => {
      void this.catchUp();
    };
  }

  /** Reads the whole log once, in large batches, handing each batch to the listeners. */
  async open(onProgress?: (loaded: number, total: number) => void): Promise<void> {
    await this.exclusive(async () => {
      if (this.opened) return;
      const meta = await this.db.meta.get('log');
      // What a failed import left; unless an import is writing now (in another tab).
      if (meta?.staging) await ifLogLockFree(this.name, () => this.discardStaged());
      const total = meta?.head ?? 0;
      for await (const batch of this.readAll({ fromPosition: 1, toPosition: total })) {
        this.index.apply(batch);
        this.emit(batch);
        onProgress?.(this.index.head, total);
      }
      this.opened = true;
    });
    await this.catchUp();
  }

  close(): void {
    this.channel.close();
    this.db.close();
  }

  /** The newest position this tab knows of. */
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

  /** Whether an event with this id is in the log, as this tab knows it. */
  isStored(eventId: string): boolean {
    return this.index.positionOf(eventId) !== undefined;
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
      const result = await withLogLock(this.name, () => this.appendHeldNow(held));
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
    const from = Math.max(1, options.fromPosition ?? 1);
    // Never past the head: an import may be staging records beyond it.
    const to = options.toPosition ?? (await this.headPosition());
    if (to < from) return;
    const first = await this.recordContaining(from);
    let after = from - 1;
    if (first) {
      yield this.current(eventsOf(first, from, to));
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
          yield this.current(eventsOf(merged, after + 1, to));
          after = merged.last;
          continue;
        }
        reading = last.last < to ? recordsAfter(last.last) : undefined;
        const batch = records.flatMap((record) => this.current(eventsOf(record)));
        yield last.last > to ? batch.filter((event) => event.position <= to) : batch;
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
    return this.exclusive(() => this.readCommits(() => this.classifyNow(events)));
  }

  /**
   * Picks up appends made by other tabs (also run when another tab announces one), a batch of
   * CATCH_UP_EVENTS at a time: each read is its own task, and listeners hear each batch in order.
   */
  catchUp(): Promise<void> {
    return this.exclusive(async () => {
      if (!this.opened) return;
      // Committed positions up to the head never change: later reads need not share a transaction.
      const head = (await this.db.meta.get('log'))?.head ?? 0;
      while (this.index.head < head) {
        const from = this.index.head + 1;
        const to = Math.min(head, this.index.head + CATCH_UP_EVENTS);
        const missed = await this.readCommits(() => this.readRangeNow(from, to));
        if (missed.length === 0) return;
        this.index.apply(missed);
        this.emit(missed);
      }
    });
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

  private emit(events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) listener(events);
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
    const attempt = (holdingLock: boolean) =>
      this.db.transaction('rw', this.db.commits, this.db.meta, async () => {
        let meta = (await this.db.meta.get('log')) ?? emptyMeta();
        if (meta.staging) {
          // An import is writing, or one failed: only a holder of the lock may tell which.
          if (!holdingLock) throw new ImportStaging();
          // No import is writing while this tab holds the lock: what is beyond the head is
          // left over from one that failed.
          meta = await this.discardStagedNow(meta);
        }
        if (meta.head > this.index.head) {
          const events = await this.readRangeNow(this.index.head + 1, meta.head);
          this.index.apply(events);
          // One by one: push(...events) overflows the stack after another tab's big import.
          for (const event of events) missed.push(event);
        }
        return work(meta);
      });
    try {
      // An append does without the lock unless it finds an import staging: then it waits for
      // the lock (the import's end, or the proof that its tab died) and tries again.
      const { result, written } = await attempt(locked).catch((error: unknown) => {
        if (!(error instanceof ImportStaging)) throw error;
        return withLogLock(this.name, () => attempt(true));
      });
      this.index.apply(written);
      this.emit(missed);
      this.emit(written);
      if (written.length > 0) this.announce();
      return result;
    } catch (error) {
      this.emit(missed);
      throw error;
    }
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
    await this.db.meta.put({ key: 'log', head: last.position, sealed: sealedUpTo(last.position) });
  }

  /** Removes what an import staged beyond the head, if one was given up (logLock.ts held). */
  private discardStaged(): Promise<void> {
    return this.db.transaction('rw', this.db.commits, this.db.meta, async () => {
      const meta = await this.db.meta.get('log');
      if (meta?.staging) await this.discardStagedNow(meta);
    });
  }

  private async discardStagedNow(meta: LogMeta): Promise<LogMeta> {
    await this.db.commits.where('first').above(meta.head).delete();
    const settled: LogMeta = { key: 'log', head: meta.head, sealed: meta.sealed };
    await this.db.meta.put(settled);
    return settled;
  }

  /** Compares the given events with those stored under their ids (see `classify`). */
  private async classifyNow(events: readonly ComparableEvent[]): Promise<Map<string, StoredMatch>> {
    const known = events.filter((event) => this.index.positionOf(event.id) !== undefined);
    const matches = new Map<string, StoredMatch>();
    if (known.length === 0) return matches;
    const positions = known.map((event) => this.index.positionOf(event.id) ?? 0);
    const stored = new Map<number, StoredEvent>();
    for (const event of await this.eventsAt([...positions].sort((a, b) => a - b)))
      stored.set(event.position, event);
    known.forEach((event, i) => {
      const existing = stored.get(positions[i] ?? 0);
      const same =
        existing !== undefined &&
        contentOf(existing) === contentOf(event) &&
        (event.streamVersion === undefined || event.streamVersion === existing.streamVersion);
      if (matches.get(event.id) !== 'other') matches.set(event.id, same ? 'same' : 'other');
    });
    return matches;
  }

  /** Which of the given events are already stored with the same content; throws on other content. */
  private async storedDuplicates(events: readonly ComparableEvent[]): Promise<Set<string>> {
    const duplicates = new Set<string>();
    for (const [id, match] of await this.classifyNow(events)) {
      if (match === 'other')
        throw new IdempotencyError(id, 'this id is already stored with other content.');
      duplicates.add(id);
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
        const positions = events.map((event) => this.index.positionOf(event.id) ?? 0);
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
  private checkPlacements(placements: Placements, duplicates: ReadonlySet<string>): number[] {
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
  private async heldDuplicates(held: HeldEvents): Promise<Set<string>> {
    const known: number[] = [];
    // Into an empty log (the usual large import) nothing is stored yet.
    if (this.index.head > 0)
      for (let index = 0; index < held.count; index++)
        if (this.index.positionOf(held.id(index)) !== undefined) known.push(index);
    if (known.length === 0) return new Set();
    const events = await held.eventsAt(known);
    return this.readCommits(() => this.storedDuplicates(events));
  }

  /** Has the holders of the parts stage their whole chunks, side by side (staging.ts). */
  private startStaging(
    held: HeldEvents,
    duplicates: ReadonlySet<string>,
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
      await this.db.meta.put({ key: 'log', head, sealed: sealedUpTo(head) });
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
