/**
 * Appending to the log: one stream's new events, or events placed already (bulk ingest), each
 * all or nothing in one read-write transaction that first brings this tab's index up to date.
 */
import { CURRENT_DATA_VERSION, type StoredEvent } from '../domain/events';
import { uniqueClaimsOf } from '../domain/uniqueness';
import { ClaimOverlay, checkPlacements, placementsOf, storedDuplicates } from './appendChecks';
import { CHUNK_SIZE, chunkRecords, eventsOf, sealedUpTo, storedEventOf, toRecord } from './chunks';
import type { LogMeta } from './db';
import { ConcurrencyError, IdempotencyError } from './errors';
import { withLogLock } from './logLock';
import { emptyMeta, type LogState } from './logState';
import { readRangeNow } from './reads';
import { discardStaged } from './stagedLeftovers';
import { followRewrites, ownLog } from './tabSync';
import type {
  AppendResult,
  BulkAppendResult,
  EventTexts,
  ExpectedVersion,
  NewEvent,
  PlacedEvent,
} from './types';

/** Thrown inside an append's transaction that finds an import staging (see writeTransaction). */
class ImportStaging extends Error {}

function expectedLabel(expected: ExpectedVersion): string {
  return typeof expected === 'number' ? `version ${expected}` : expected;
}

/** EventStore.append, in the tab's queue. */
export function appendNow(
  log: LogState,
  streamId: string,
  events: readonly NewEvent[],
  { expectedVersion, tailRewrites }: { expectedVersion: ExpectedVersion; tailRewrites?: number },
): Promise<AppendResult> {
  return writeTransaction<AppendResult>(log, async (meta) => {
    const duplicates = await storedDuplicates(
      log,
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
      const stored = await readRangeNow(log, Math.min(...positions), Math.max(...positions));
      return {
        result: {
          events: stored.filter((event) => duplicates.has(event.id)),
          streamVersion: log.index.streamVersion(streamId),
          duplicate: true,
        },
        written: [],
      };
    }
    const current = log.index.streamVersion(streamId);
    const matches =
      expectedVersion === 'any' ||
      (expectedVersion === 'no_stream' ? current === 0 : current === expectedVersion);
    if (!matches) throw new ConcurrencyError(streamId, expectedLabel(expectedVersion), current);
    if (tailRewrites !== undefined && tailRewrites !== log.rewritesSeen)
      throw new ConcurrencyError(
        streamId,
        expectedLabel(expectedVersion),
        current,
        `The log's pending tail was written again since stream ${streamId} was read.`,
      );
    const seenIds = new Set<string>();
    const claims = new ClaimOverlay(log.index);
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
    await writeEvents(log, meta, stored);
    return {
      result: { events: stored, streamVersion: current + stored.length, duplicate: false },
      written: stored,
    };
  });
}

/** EventStore.appendPlaced, in the tab's queue. */
export function appendPlacedNow(
  log: LogState,
  events: readonly PlacedEvent[],
): Promise<BulkAppendResult> {
  return writeTransaction(log, async (meta) => {
    const duplicates = await storedDuplicates(log, events);
    const stored = checkPlacements(log.index, placementsOf(events), duplicates).map((index, i) =>
      storedEventOf(events[index] as PlacedEvent, meta.head + i + 1),
    );
    await writeEvents(log, meta, stored);
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

/**
 * Writes events after the head, merging the unsealed tail into chunks once it is big enough;
 * whole chunks of the events keep their `texts`, if given.
 */
export async function writeEvents(
  log: LogState,
  meta: LogMeta,
  events: StoredEvent[],
  texts?: EventTexts,
): Promise<void> {
  const last = events.at(-1);
  if (!last) return;
  const { db } = log;
  const tailSize = meta.head - meta.sealed;
  if (tailSize + events.length < CHUNK_SIZE) {
    await db.commits.add(toRecord(events));
    await db.meta.put({ ...meta, head: last.position });
    return;
  }
  // Only a tail that is there is read (a large pull's pages end on chunk boundaries).
  const tail = tailSize > 0 ? await db.commits.where('first').above(meta.sealed).toArray() : [];
  const all = tail.length > 0 ? tail.flatMap((record) => eventsOf(record)).concat(events) : events;
  if (tail.length > 0) await db.commits.bulkDelete(tail.map((record) => record.first));
  await db.commits.bulkAdd(chunkRecords(all, texts));
  await db.meta.put({ ...meta, head: last.position, sealed: sealedUpTo(last.position) });
}

/**
 * Runs `work` in a read-write transaction over the log after bringing the index up to date
 * with appends other tabs made; events caught up that way reach the listeners even if `work`
 * fails, and the ones `work` writes reach them (and other tabs) once the transaction commits.
 */
export async function writeTransaction<T>(
  log: LogState,
  work: (meta: LogMeta) => Promise<{ result: T; written: StoredEvent[] }>,
  { locked }: { locked: boolean } = { locked: false },
): Promise<T> {
  const { db } = log;
  const missed: StoredEvent[] = [];
  let rewrittenFrom: number | undefined;
  let incarnation: string | undefined;
  const attempt = () =>
    db.transaction('rw', db.commits, db.meta, async () => {
      const meta = await ownLog(log, (await db.meta.get('log')) ?? emptyMeta());
      incarnation = meta.incarnation;
      // An import is writing, or one failed: only a holder of the lock may tell which, and
      // it removes what a failed one left before it tries (see below).
      if (meta.staging) throw new ImportStaging();
      rewrittenFrom = followRewrites(log, meta) ?? rewrittenFrom;
      if (meta.head > log.index.head) {
        const events = await readRangeNow(log, log.index.head + 1, meta.head);
        log.index.apply(events);
        // One by one: push(...events) overflows the stack after another tab's big import.
        for (const event of events) missed.push(event);
      }
      return work(meta);
    });
  log.checkNotGone();
  try {
    // An append does without the lock unless it finds an import staging: then it waits for
    // the lock (the import's end, or the proof that its tab died) and tries again.
    const { result, written } = await attempt().catch((error: unknown) => {
      if (!(error instanceof ImportStaging)) throw error;
      // No import is writing while this tab holds the lock: what is beyond the head is left
      // over from one that failed.
      const again = async () => {
        await discardStaged(db);
        return attempt();
      };
      return locked ? again() : withLogLock(log.name, again);
    });
    log.incarnation ??= incarnation;
    log.index.apply(written);
    log.emit(missed, rewrittenFrom);
    log.emit(written);
    if (written.length > 0) log.announce();
    return result;
  } catch (error) {
    log.emit(missed, rewrittenFrom);
    throw await log.failureOf(error);
  }
}
