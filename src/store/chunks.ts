import { CURRENT_DATA_VERSION, type StoredEvent } from '../domain/events';
import type { CommitRecord } from './db';
import type { PlacedEvent } from './types';

/** Events per sealed chunk record: positions 1–1000, 1001–2000, … */
export const CHUNK_SIZE = 1000;

/** An event placed at its position in the log. */
export const storedEventOf = (event: PlacedEvent, position: number): StoredEvent => ({
  ...event,
  dataVersion: event.dataVersion ?? CURRENT_DATA_VERSION,
  position,
});

export function toRecord(events: StoredEvent[]): CommitRecord {
  let minTime = events[0]?.time ?? '';
  let maxTime = minTime;
  for (const event of events) {
    if (event.time < minTime) minTime = event.time;
    if (event.time > maxTime) maxTime = event.time;
  }
  return {
    first: events[0]?.position ?? 0,
    last: events.at(-1)?.position ?? 0,
    minTime,
    maxTime,
    events,
  };
}

const chunkOf = (position: number): number => Math.floor((position - 1) / CHUNK_SIZE);

/** Events in position order as one record per chunk they fall in (a chunk's record may be short). */
export function chunkRecords(events: StoredEvent[]): CommitRecord[] {
  const records: CommitRecord[] = [];
  let start = 0;
  for (let i = 1; i <= events.length; i++)
    if (
      i === events.length ||
      chunkOf(events[i]?.position ?? 0) !== chunkOf(events[start]?.position ?? 0)
    ) {
      records.push(toRecord(events.slice(start, i)));
      start = i;
    }
  return records;
}

/** The chunk boundary at or after `position` (the position that starts the chunk). */
export const nextChunkStart = (position: number): number =>
  Math.ceil((position - 1) / CHUNK_SIZE) * CHUNK_SIZE + 1;

/** Where the whole chunks of a log end, given its head: the unsealed tail comes after. */
export const sealedUpTo = (head: number): number => Math.floor(head / CHUNK_SIZE) * CHUNK_SIZE;
