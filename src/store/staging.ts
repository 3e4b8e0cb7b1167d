/**
 * The part of a large import that its holders write (EventStore.appendHeld): whole chunk records
 * beyond the log's head, where no reader looks, in transactions of their own. Runs wherever the
 * events are, an import worker or the page.
 */
import { CURRENT_DATA_VERSION, type StoredEvent } from '../domain/events';
import { CHUNK_SIZE, chunkRecords, nextChunkStart } from './chunks';
import { openEventLogDb } from './db';
import type { PlacedEvent, StageRequest } from './types';

/** Chunk records per staging transaction (about 100,000 events). */
const RECORDS_PER_TRANSACTION = 100;

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

/**
 * Places the events that are not skipped (in place) from `request.firstPosition` on and writes the
 * whole
 * chunks among them; returns the others (before the first whole chunk and after the last), which
 * the import's last transaction writes along with the new head. Each transaction first checks
 * that the log is staging and that its head is below these positions, so that nothing is written
 * where readers look or after the import was given up.
 */
export async function stageEvents(
  request: StageRequest,
  events: readonly PlacedEvent[],
): Promise<StoredEvent[]> {
  const skip = new Set(request.skip);
  const placed: StoredEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event && !skip.has(i)) placed.push(placeHeld(event, request.firstPosition + placed.length));
  }
  const lead = Math.min(
    placed.length,
    nextChunkStart(request.firstPosition) - request.firstPosition,
  );
  const end = lead + Math.floor((placed.length - lead) / CHUNK_SIZE) * CHUNK_SIZE;
  if (end === lead) return placed;
  const db = openEventLogDb(request.database);
  // Two transactions at a time: this thread serializes the next one's records while the
  // browser commits the one before.
  const inFlight: Promise<void>[] = [];
  try {
    const step = RECORDS_PER_TRANSACTION * CHUNK_SIZE;
    for (let start = lead; start < end; start += step) {
      const records = chunkRecords(placed.slice(start, Math.min(end, start + step)));
      const writing = db.transaction('rw', db.commits, db.meta, async () => {
        // Added before the check, so that they are serialized now: a failed check aborts the
        // transaction, and the records with it.
        const added = db.commits.bulkAdd(records);
        const meta = await db.meta.get('log');
        if (!meta?.staging || meta.head >= request.firstPosition)
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
  return placed.slice(0, lead).concat(placed.slice(end));
}
