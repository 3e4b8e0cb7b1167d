import { CHUNK_SIZE, EARLIER_CHUNK_SIZES, eventsOf, isWholeChunk } from './chunks';
import type { EventLogDb } from './db';

/**
 * What must hold of the stored log whatever ran against it: every record holds exactly its
 * positions, sealed chunks are whole and aligned, the records up to the sealed end are whole
 * chunks and none crosses it (appends merge only those after it), positions are unique and
 * contiguous from 1 to the head, stream versions follow each other, and nothing lies beyond the
 * head unless an import is marked as staging. Returns the broken invariants in words (none: an
 * empty list). For tests and the test harness page.
 */
export async function logInvariantProblems(db: EventLogDb): Promise<string[]> {
  const { meta, records } = await db.transaction('r', db.commits, db.meta, async () => ({
    meta: await db.meta.get('log'),
    records: await db.commits.toArray(),
  }));
  const head = meta?.head ?? 0;
  const sealed = meta?.sealed ?? 0;
  const problems: string[] = [];
  let next = 1;
  const ids = new Set<string>();
  const versions = new Map<string, number>();
  for (const record of records) {
    const events = eventsOf(record);
    const size = record.last - record.first + 1;
    if (events.length !== size)
      problems.push(`Record ${record.first}–${record.last} holds ${events.length} events.`);
    if (!('events' in record) && !isChunkOfAnySize(record.first, size))
      problems.push(`Sealed record ${record.first}–${record.last} is not one whole chunk.`);
    if (record.first <= sealed && record.last > sealed)
      problems.push(`Record ${record.first}–${record.last} crosses the sealed end ${sealed}.`);
    else if (record.last <= sealed && !isChunkOfAnySize(record.first, size))
      problems.push(
        `Record ${record.first}–${record.last}, before the sealed end, is not a chunk.`,
      );
    if (record.first > head) {
      if (meta?.staging !== true)
        problems.push(`Record ${record.first}–${record.last} lies beyond the head ${head}.`);
      continue;
    }
    if (record.first !== next)
      problems.push(`Record ${record.first}–${record.last} follows position ${next - 1}.`);
    events.forEach((event, i) => {
      if (event.position !== record.first + i)
        problems.push(`Position ${event.position} is stored where ${record.first + i} belongs.`);
      if (ids.has(event.id)) problems.push(`Event ${event.id} is stored twice.`);
      ids.add(event.id);
      const version = versions.get(event.streamId) ?? 0;
      if (event.streamVersion !== version + 1)
        problems.push(
          `Event ${event.id} is version ${event.streamVersion} of ${event.streamId}, after ${version}.`,
        );
      versions.set(event.streamId, event.streamVersion);
    });
    next = record.last + 1;
  }
  if (next !== head + 1) problems.push(`The records end at ${next - 1}; the head is ${head}.`);
  return problems;
}

/** Whether `size` events from `first` are one whole chunk, of the size now or of one before. */
const isChunkOfAnySize = (first: number, size: number): boolean =>
  [CHUNK_SIZE, ...EARLIER_CHUNK_SIZES].some((chunkSize) => isWholeChunk(first, size, chunkSize));
