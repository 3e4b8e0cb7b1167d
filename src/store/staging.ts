/**
 * The part of a large import that its holders write (EventStore.appendHeld): whole chunk records
 * beyond the log's head, where no reader looks, in transactions of their own. Runs wherever the
 * events are, an import worker or the page.
 */
import { CURRENT_DATA_VERSION, type StoredEvent } from '../domain/events';
import { CHUNK_SIZE, nextChunkStart, sealedChunkOf } from './chunks';
import { openEventLogDb, type ChunkRecord } from './db';
import type { PlacedEvent, StageRequest } from './types';

/** Chunk records per staging transaction: 50,000 events. */
const RECORDS_PER_TRANSACTION = 50_000 / CHUNK_SIZE;

/** A holder's part of a held batch, by index within the part. */
export interface StagingSource {
  readonly count: number;
  /** The event at `index`, as stored at `position` (for the records written with the head). */
  storedAt(index: number, position: number): StoredEvent;
  /** The sealed chunk of the events at `indices`, in order, the first at position `first`. */
  chunkOf(indices: readonly number[], first: number): ChunkRecord;
}

/**
 * The held event itself, given its position: a million copies would only be garbage to collect,
 * and the holder keeps its events for nothing else.
 */
function placeHeld(event: PlacedEvent, position: number): StoredEvent {
  const stored = event as StoredEvent;
  stored.dataVersion = event.dataVersion ?? CURRENT_DATA_VERSION;
  stored.position = position;
  return stored;
}

/** Events held as objects (on the page, where no worker reads the file) as a staging source. */
export function stagingSourceOf(events: readonly PlacedEvent[]): StagingSource {
  const at = (index: number): PlacedEvent => {
    const event = events[index];
    if (!event) throw new RangeError(`No event at index ${index} of ${events.length}.`);
    return event;
  };
  return {
    count: events.length,
    storedAt: (index, position) => placeHeld(at(index), position),
    chunkOf: (indices, first) =>
      sealedChunkOf(indices.map((index, i) => placeHeld(at(index), first + i))),
  };
}

/**
 * Stages the events that are not skipped from `request.firstPosition` on: writes the whole chunks
 * among them and returns the others (before the first whole chunk and after the last), which the
 * import's last transaction writes along with the new head. Each transaction first checks that
 * the log is staging and that its head is below these positions, so that nothing is written where
 * readers look or after the import was given up.
 */
export async function stageEvents(
  request: StageRequest,
  source: StagingSource,
): Promise<StoredEvent[]> {
  const skip = new Set(request.skip);
  const placed: number[] = [];
  for (let index = 0; index < source.count; index++) if (!skip.has(index)) placed.push(index);
  const { firstPosition } = request;
  const lead = Math.min(placed.length, nextChunkStart(firstPosition) - firstPosition);
  const end = lead + Math.floor((placed.length - lead) / CHUNK_SIZE) * CHUNK_SIZE;
  const loose = (from: number, to: number): StoredEvent[] =>
    placed.slice(from, to).map((index, i) => source.storedAt(index, firstPosition + from + i));
  if (end === lead) return loose(0, placed.length);
  const db = openEventLogDb(request.database);
  // Two transactions at a time: this thread builds the next one's records while the browser
  // commits the one before.
  const inFlight: Promise<void>[] = [];
  try {
    const step = RECORDS_PER_TRANSACTION * CHUNK_SIZE;
    for (let start = lead; start < end; start += step) {
      const records: ChunkRecord[] = [];
      for (let chunk = start; chunk < Math.min(end, start + step); chunk += CHUNK_SIZE)
        records.push(
          source.chunkOf(placed.slice(chunk, chunk + CHUNK_SIZE), firstPosition + chunk),
        );
      const writing = db.transaction('rw', db.commits, db.meta, async () => {
        // Added before the check, so that they are serialized now: a failed check aborts the
        // transaction, and the records with it.
        const added = db.commits.bulkAdd(records);
        const meta = await db.meta.get('log');
        if (!meta?.staging || meta.head >= firstPosition)
          throw new Error('The import was given up, or the log moved on: nothing more is staged.');
        await added;
      });
      // Awaited below, or by allSettled if an earlier one fails first.
      writing.catch(() => undefined);
      inFlight.push(writing);
      if (inFlight.length === 2) await inFlight.shift();
    }
    await Promise.all(inFlight);
  } catch (error) {
    await Promise.allSettled(inFlight);
    throw error;
  } finally {
    db.close();
  }
  return loose(0, lead).concat(loose(end, placed.length));
}
