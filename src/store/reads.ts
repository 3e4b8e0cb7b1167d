/**
 * Reading the log: ranges, streams, batches of whole records, the export's text, and the bare
 * get a timeline seek takes. Readers never look beyond the head (an import may be staging there).
 */
import type { StoredEvent } from '../domain/events';
import { toCloudEvent } from './cloudEvents';
import { CHUNK_SIZE, chunkStart, eventsOf } from './chunks';
import type { CommitRecord } from './db';
import type { LogState } from './logState';

/** Events per bulk read, at most, so that one read never holds the page long. */
const READ_BATCH_EVENTS = 10_000;

/** How many events a record holds (none: not read). */
const sizeOf = (record: CommitRecord | undefined): number =>
  record ? record.last - record.first + 1 : 0;

/** Whether one record holds every position from `from` to `to`. */
const holds = (record: CommitRecord, from: number, to: number): boolean =>
  record.first <= from && record.last >= to;

/** The newest position in storage, including other tabs' appends not yet seen here. */
export async function headPosition(log: LogState): Promise<number> {
  return (await log.db.meta.get('log'))?.head ?? 0;
}

/**
 * A stream's events, optionally between two stream versions (inclusive), at the positions the
 * index gives; undefined when the events there are not the stream's run of versions: a tail
 * written again (by this tab's sync, or another tab's) moved them after the index was read.
 */
export async function readStream(
  log: LogState,
  streamId: string,
  range: { fromVersion?: number; toVersion?: number },
): Promise<StoredEvent[] | undefined> {
  const positions = log.index.streamPositions(streamId);
  const from = Math.max(1, range.fromVersion ?? 1);
  const to = Math.min(positions.length, range.toVersion ?? positions.length);
  const wanted = positions.slice(from - 1, to);
  const events = await log.readCommits(() => eventsAt(log, wanted));
  const whole =
    events.length === wanted.length &&
    events.every((event, i) => event.streamId === streamId && event.streamVersion === from + i);
  return whole ? events : undefined;
}

/** Events from positions `from` to `to` inclusive. */
export async function readRange(log: LogState, from: number, to: number): Promise<StoredEvent[]> {
  if (to < from) return [];
  const record = await recordHolding(log, from, to);
  if (record) return log.current(eventsOf(record, from, to));
  return log.readCommits(() => readAcrossRecords(log, from, to));
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
async function recordHolding(
  log: LogState,
  from: number,
  to: number,
): Promise<CommitRecord | undefined> {
  let commits: IDBObjectStore;
  try {
    if (!log.db.isOpen()) return undefined;
    commits = log.db.backendDB().transaction('commits', 'readonly').objectStore('commits');
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
export async function* readAll(
  log: LogState,
  options: { fromPosition?: number; toPosition?: number },
): AsyncGenerator<StoredEvent[]> {
  for await (const pieces of readRecords(log, options))
    yield pieces.flatMap(({ record, from, to }) => log.current(eventsOf(record, from, to)));
}

/**
 * The log as the event log file's text (docs/contract.md §3), up to the head or `toPosition`: each
 * piece is some events' elements, comma-separated, without the array's brackets. A sealed chunk
 * whose bytes are exactly those elements is handed over as it is stored, with nothing parsed
 * or written again; the rest is written from the events.
 */
export async function* readFileText(
  log: LogState,
  options: { toPosition?: number },
): AsyncGenerator<{ text: Uint8Array | string; events: number }> {
  for await (const pieces of readRecords(log, options))
    for (const { record, from, to } of pieces) {
      if (
        'cloudEvents' in record &&
        record.exact === true &&
        from === record.first &&
        to === record.last &&
        log.upcasters.isEmpty
      )
        yield {
          text: record.cloudEvents.subarray(1, record.cloudEvents.length - 1),
          events: to - from + 1,
        };
      else {
        const events = log.current(eventsOf(record, from, to));
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
async function* readRecords(
  log: LogState,
  options: { fromPosition?: number; toPosition?: number },
): AsyncGenerator<{ record: CommitRecord; from: number; to: number }[]> {
  const from = Math.max(1, options.fromPosition ?? 1);
  // Never past the head: an import may be staging records beyond it.
  const to = options.toPosition ?? (await headPosition(log));
  if (to < from) return;
  const piece = (record: CommitRecord, start: number) => ({
    record,
    from: Math.max(start, record.first),
    to: Math.min(to, record.last),
  });
  const first = await recordContaining(log, from);
  let after = from - 1;
  if (first) {
    yield [piece(first, from)];
    after = first.last;
  }
  // As many records as fit in a batch if each is as large as the one before (a log keeps the
  // larger chunks of sizes before), or as a chunk of the size now (a tail's commits are smaller).
  const recordsAfter = (before: CommitRecord | undefined, position: number) =>
    log.db.commits
      .where('first')
      .between(position, to, false, true)
      .limit(Math.floor(READ_BATCH_EVENTS / Math.max(CHUNK_SIZE, sizeOf(before))))
      .toArray();
  // The next batch is on its way while the caller works on this one.
  let reading = after < to ? recordsAfter(first, after) : undefined;
  try {
    while (reading) {
      const records = await reading;
      const last = records.at(-1);
      if (!last || records[0]?.first !== after + 1) {
        // An append merged the tail into chunks since the last batch (these reads are not one
        // transaction): the events after `after` are now in a record that begins before them.
        const merged = await recordContaining(log, after + 1);
        if (!merged) return;
        reading = merged.last < to ? recordsAfter(merged, merged.last) : undefined;
        yield [piece(merged, after + 1)];
        after = merged.last;
        continue;
      }
      reading = last.last < to ? recordsAfter(last, last.last) : undefined;
      yield records.map((record) => piece(record, record.first));
      after = last.last;
    }
  } finally {
    // A caller that stops early leaves a read on its way: its outcome no longer matters.
    reading?.catch(() => undefined);
  }
}

/** Events recorded between two times (RFC 3339, inclusive), in position order. */
export async function readByTime(log: LogState, from: string, to: string): Promise<StoredEvent[]> {
  const { db } = log;
  const { head, records } = await db.transaction('r', db.commits, db.meta, async () => ({
    head: (await db.meta.get('log'))?.head ?? 0,
    records: await db.commits.where('maxTime').aboveOrEqual(from).toArray(),
  }));
  return records
    .filter((record) => record.first <= head && record.minTime <= to)
    .sort((a, b) => a.first - b.first)
    .flatMap((record) =>
      log.current(eventsOf(record).filter((event) => event.time >= from && event.time <= to)),
    );
}

/** The record that holds `position`, if any, as stored: nothing of it parsed yet. */
export async function recordContaining(
  log: LogState,
  position: number,
): Promise<CommitRecord | undefined> {
  const record = await log.db.commits.where('first').belowOrEqual(position).last();
  return record && record.last >= position ? record : undefined;
}

/**
 * The events at `positions` (ascending), each record read once and only those events parsed of
 * it: a stream's few events in a sealed chunk, not its 500.
 */
export async function eventsAt(
  log: LogState,
  positions: readonly number[],
): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  let record: CommitRecord | undefined;
  for (const position of positions) {
    if (!record || position > record.last) record = await recordContaining(log, position);
    if (record) found.push(...log.current(eventsOf(record, position, position)));
  }
  return found;
}

/** Events from `from` to `to`, inside the caller's transaction. */
export async function readRangeNow(
  log: LogState,
  from: number,
  to: number,
): Promise<StoredEvent[]> {
  if (to < from) return [];
  // Sealed chunks start right after a multiple of CHUNK_SIZE: a range inside one (a timeline
  // seek) is one read by key, where finding the record that holds `from` takes a cursor.
  const chunk = await log.db.commits.get(chunkStart(from));
  if (chunk && holds(chunk, from, to)) return log.current(eventsOf(chunk, from, to));
  return readAcrossRecords(log, from, to);
}

/** Events from `from` to `to` (not empty), from the record holding `from` and those after it. */
async function readAcrossRecords(log: LogState, from: number, to: number): Promise<StoredEvent[]> {
  const first = await recordContaining(log, from);
  const rest = await log.db.commits.where('first').between(from, to, false, true).toArray();
  return (first ? [first, ...rest] : rest).flatMap((record) =>
    log.current(eventsOf(record, from, to)),
  );
}
