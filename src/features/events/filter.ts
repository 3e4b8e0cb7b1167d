import type { EventType, StoredEvent } from '../../domain/events';

/** What the events page filters by; empty strings filter nothing. */
export interface EventCriteria {
  readonly type: EventType | '';
  /** A whole stream id, or the beginning of stream ids (e.g. "order-"). */
  readonly stream: string;
  /** Words to find in the summary, the event id or the stream id. */
  readonly search: string;
}

export const isFiltering = (criteria: EventCriteria): boolean =>
  criteria.type !== '' || criteria.stream.trim() !== '' || criteria.search.trim() !== '';

export interface MatcherContext {
  /** Whether a stream with exactly this id exists: then the stream filter matches only it. */
  readonly streamExists: (streamId: string) => boolean;
  /** What search looks in: the event's summary, id and stream id, lowercased (cached). */
  readonly searchText: (event: StoredEvent, index: number) => string;
}

/** A test for one event, built once per filtering pass. */
export function matcher(
  criteria: EventCriteria,
  context: MatcherContext,
): (event: StoredEvent, index: number) => boolean {
  const { type } = criteria;
  const stream = criteria.stream.trim();
  const exact = stream !== '' && context.streamExists(stream);
  const words = criteria.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return (event, index) => {
    if (type !== '' && event.type !== type) return false;
    if (stream !== '' && (exact ? event.streamId !== stream : !event.streamId.startsWith(stream)))
      return false;
    if (words.length === 0) return true;
    const text = context.searchText(event, index);
    for (const word of words) if (!text.includes(word)) return false;
    return true;
  };
}

/** A filtering result: indexes into the events array, newest first. */
export interface Matches {
  readonly criteria: EventCriteria;
  /** The array searched: a log whose tail was written again is another array (eventLog.ts). */
  readonly events: readonly StoredEvent[];
  /** How many events (from the start of the array) were looked at. */
  readonly scanned: number;
  readonly indexes: Uint32Array;
}

/** The longest stretch of filtering between two yields to the browser, in milliseconds. */
const SLICE_MS = 30;
/** Events looked at between two looks at the clock. */
const CLOCK_EVERY = 1024;

const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 0);
  });

/**
 * The indexes of the events in `events[0 .. count)` that match, newest first. Looks only at the
 * events after `previous.scanned` when `previous` searched the same array with the same criteria
 * (the array only grows).
 * Works in slices of at most ~30 ms so that the page stays responsive at a million events;
 * resolves to null when `isCancelled()` turns true.
 */
export async function findMatches(
  events: readonly StoredEvent[],
  count: number,
  criteria: EventCriteria,
  context: MatcherContext,
  previous: Matches | null,
  isCancelled: () => boolean,
): Promise<Matches | null> {
  const reuse =
    previous !== null &&
    previous.events === events &&
    previous.scanned <= count &&
    previous.criteria.type === criteria.type &&
    previous.criteria.stream === criteria.stream &&
    previous.criteria.search === criteria.search;
  const from = reuse ? previous.scanned : 0;
  const test = matcher(criteria, context);
  let found = new Uint32Array(Math.min(count - from, 1024));
  let size = 0;
  let sliceStart = performance.now();
  for (let index = count - 1; index >= from; index--) {
    const event = events[index];
    if (event !== undefined && test(event, index)) {
      if (size === found.length) {
        const grown = new Uint32Array(found.length * 2);
        grown.set(found);
        found = grown;
      }
      found[size++] = index;
    }
    if (index % CLOCK_EVERY === 0 && index > from && performance.now() - sliceStart > SLICE_MS) {
      await nextTask();
      if (isCancelled()) return null;
      sliceStart = performance.now();
    }
  }
  const older = reuse ? previous.indexes : new Uint32Array(0);
  const indexes = new Uint32Array(size + older.length);
  indexes.set(found.subarray(0, size));
  indexes.set(older, size);
  return { criteria, events, scanned: count, indexes };
}

/** Where in `matches` (newest first) the event at array index `index` is; -1 if absent. */
export function rowOfIndex(indexes: Uint32Array, index: number): number {
  let low = 0;
  let high = indexes.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = indexes[middle] ?? 0;
    if (value === index) return middle;
    if (value > index) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
