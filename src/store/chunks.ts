import { CURRENT_DATA_VERSION, type StoredEvent } from '../domain/events';
import { storedEventOfCloudEvent, toCloudEvent, type EventLogCloudEvent } from './cloudEvents';
import type { ChunkRecord, CommitRecord, TailRecord } from './db';
import type { EventTexts, PlacedEvent } from './types';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const NOTHING = new Uint8Array(0);

/**
 * Events per sealed chunk record: positions 1–250, 251–500, … Large enough that per-record costs
 * fade, small enough that a timeline seek, which reads one, reads little. Chromium writes a
 * record of ~100–130 KB (250 events of ~500 bytes) at the least CPU per byte: it compresses
 * records over 64 KB, which saves more in its database than it costs, and a record of 250 KB
 * took it a quarter more time on the page's thread (in the pull benchmark, docs/sync.md).
 */
export const CHUNK_SIZE = 250;

/**
 * Sizes chunks were sealed at before, which a log keeps and reads as well: 1000 events (as
 * events), then 500 (as bytes). Each is a multiple of CHUNK_SIZE, so their ends are chunk
 * boundaries still.
 */
export const EARLIER_CHUNK_SIZES: readonly number[] = [1000, 500];

/** An event placed at its position in the log. */
export const storedEventOf = (event: PlacedEvent, position: number): StoredEvent => ({
  ...event,
  dataVersion: event.dataVersion ?? CURRENT_DATA_VERSION,
  position,
});

function boundsOf(events: readonly StoredEvent[]): Omit<ChunkRecord, 'cloudEvents' | 'starts'> {
  let minTime = events[0]?.time ?? '';
  let maxTime = minTime;
  for (const event of events) {
    if (event.time < minTime) minTime = event.time;
    if (event.time > maxTime) maxTime = event.time;
  }
  return { first: events[0]?.position ?? 0, last: events.at(-1)?.position ?? 0, minTime, maxTime };
}

/**
 * A whole chunk of events, in position order, as its sealed record: of their `texts` when given
 * and holding them all, else of the events.
 */
export function sealedChunkOf(events: readonly StoredEvent[], texts?: EventTexts): ChunkRecord {
  const first = events[0]?.position ?? 0;
  const at = first - (texts?.first ?? 0);
  if (texts !== undefined && at >= 0 && 2 * (at + events.length) <= texts.spans.length) {
    const { bytes, spans, closing } = texts;
    return {
      ...chunkRecordOf(
        boundsOf(events),
        events.length,
        (i) => bytes.subarray(spans[2 * (at + i)], spans[2 * (at + i) + 1]),
        closing,
      ),
      exact: true,
    };
  }
  const elements = events.map((event) => JSON.stringify(toCloudEvent(event)));
  const array = `[${elements.join(',')}]`;
  // Encoded in one go: encoding each text on its own cost as much as writing them all.
  const bytes = encoder.encode(array);
  if (bytes.length !== array.length) {
    // Not ASCII only: an element's bytes are not its characters, so each is encoded to know them.
    const encoded = elements.map((text) => encoder.encode(text));
    return {
      ...chunkRecordOf(boundsOf(events), encoded.length, (i) => encoded[i] as Uint8Array),
      exact: true,
    };
  }
  const starts = new Uint32Array(elements.length);
  let start = 1;
  elements.forEach((text, i) => {
    starts[i] = start;
    start += text.length + 1;
  });
  return { ...boundsOf(events), cloudEvents: bytes, starts, exact: true };
}

/**
 * Events in position order as one record: sealed when they are one whole chunk (of their `texts`,
 * if given: see sealedChunkOf).
 */
export const toRecord = (events: StoredEvent[], texts?: EventTexts): CommitRecord =>
  isWholeChunk(events[0]?.position ?? 0, events.length)
    ? sealedChunkOf(events, texts)
    : { ...boundsOf(events), events };

/** Whether `size` events from position `first` are one whole chunk of `chunkSize` events. */
export const isWholeChunk = (first: number, size: number, chunkSize = CHUNK_SIZE): boolean =>
  size === chunkSize && (first - 1) % chunkSize === 0;

const isTail = (record: CommitRecord): record is TailRecord => 'events' in record;

/**
 * A record's events, in position order, as stored (not upcast): all of them, or those from
 * position `from` to `to` (inclusive), which is all that is parsed of a sealed chunk.
 */
export function eventsOf(
  record: CommitRecord,
  from = record.first,
  to = record.last,
): StoredEvent[] {
  const first = Math.max(from, record.first) - record.first;
  const last = Math.min(to, record.last) - record.first;
  if (isTail(record))
    return first === 0 && last === record.events.length - 1
      ? record.events
      : record.events.slice(first, last + 1);
  if (last < first) return [];
  const { cloudEvents: bytes, starts } = record;
  const events: StoredEvent[] = new Array<StoredEvent>(last - first + 1);
  // Element by element: each text is small and dies young, where the text of hundreds of events
  // would be allocated straight into the old generation and hasten its collections.
  for (let i = first; i <= last; i++) {
    // Up to the comma before the next element, or the closing bracket.
    const end = i + 1 < starts.length ? (starts[i + 1] ?? 0) - 1 : bytes.length - 1;
    const text = decoder.decode(bytes.subarray(starts[i], end));
    events[i - first] = storedEventOfCloudEvent(
      JSON.parse(text) as EventLogCloudEvent,
      record.first + i,
    );
  }
  return events;
}

/**
 * A sealed chunk's record from the UTF-8 bytes of its CloudEvents, each a JSON text (followed by
 * `closing`, when its bytes are given without their end).
 */
export function chunkRecordOf(
  bounds: Omit<ChunkRecord, 'cloudEvents' | 'starts'>,
  count: number,
  elementAt: (index: number) => Uint8Array,
  closing: Uint8Array = NOTHING,
): ChunkRecord {
  let length = Math.max(2, count + 1) + count * closing.length; // brackets, commas, closings
  for (let i = 0; i < count; i++) length += elementAt(i).length;
  const bytes = new Uint8Array(length);
  const starts = new Uint32Array(count);
  bytes[0] = OPEN_BRACKET;
  let at = 1;
  for (let i = 0; i < count; i++) {
    if (i > 0) bytes[at++] = COMMA;
    const element = elementAt(i);
    starts[i] = at;
    bytes.set(element, at);
    at += element.length;
    bytes.set(closing, at);
    at += closing.length;
  }
  bytes[at] = CLOSE_BRACKET;
  return { ...bounds, cloudEvents: bytes, starts };
}

const chunkOf = (position: number): number => Math.floor((position - 1) / CHUNK_SIZE);

/**
 * Events in position order as one record per chunk they fall in (a chunk's record may be short);
 * whole chunks of their `texts`, if given (see sealedChunkOf).
 */
export function chunkRecords(events: StoredEvent[], texts?: EventTexts): CommitRecord[] {
  const records: CommitRecord[] = [];
  let start = 0;
  for (let i = 1; i <= events.length; i++)
    if (
      i === events.length ||
      chunkOf(events[i]?.position ?? 0) !== chunkOf(events[start]?.position ?? 0)
    ) {
      records.push(toRecord(events.slice(start, i), texts));
      start = i;
    }
  return records;
}

/** The first position of the chunk that holds `position`: its sealed record's key. */
export const chunkStart = (position: number): number => chunkOf(position) * CHUNK_SIZE + 1;

/** The chunk boundary at or after `position` (the position that starts the chunk). */
export const nextChunkStart = (position: number): number =>
  Math.ceil((position - 1) / CHUNK_SIZE) * CHUNK_SIZE + 1;

/** Where the whole chunks of a log end, given its head: the unsealed tail comes after. */
export const sealedUpTo = (head: number): number => Math.floor(head / CHUNK_SIZE) * CHUNK_SIZE;
