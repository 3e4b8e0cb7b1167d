/**
 * The held large import (EventStore.appendHeld): the holders of a batch (an import's workers)
 * stage whole chunks beyond the head while this tab checks the batch, and one last transaction
 * moves the head; a refusal or failure removes what was staged.
 */
import type { StoredEvent } from '../domain/events';
import { checkPlacements, storedDuplicates } from './appendChecks';
import { writeTransaction } from './appends';
import { chunkRecords, eventsOf, sealedUpTo } from './chunks';
import type { LogMeta } from './db';
import { withLogLock } from './logLock';
import type { LogState } from './logState';
import { readAll } from './reads';
import { discardStaged, withoutStaging } from './stagedLeftovers';
import type { BulkAppendResult, HeldEvents } from './types';

/** EventStore.appendHeld, in the tab's queue: holding the log's lock, then telling listeners. */
export async function appendHeld(log: LogState, held: HeldEvents): Promise<BulkAppendResult> {
  log.checkNotGone();
  const result = await withLogLock(log.name, () => appendHeldLocked(log, held)).catch(
    async (error: unknown) => {
      throw await log.failureOf(error);
    },
  );
  if (result.written === 0) return result;
  log.announce();
  // Listeners (the views) need the events themselves: read back from the log, in batches.
  if (log.listeners.size > 0)
    for await (const batch of readAll(log, {
      fromPosition: result.head - result.written + 1,
      toPosition: result.head,
    }))
      log.emit(batch);
  return result;
}

/** `appendHeld`, holding the log's lock. */
async function appendHeldLocked(log: LogState, held: HeldEvents): Promise<BulkAppendResult> {
  // Brings the index up to date and marks the log as staging: from here on, a failure (or this
  // tab's death) leaves records beyond the head, which the next writer removes.
  const before = await writeTransaction(
    log,
    async (meta) => {
      await log.db.meta.put({ ...meta, staging: true });
      return { result: meta, written: [] };
    },
    { locked: true },
  );
  let fresh: number[];
  try {
    const duplicates = await heldDuplicates(log, held);
    // The holders write while this thread checks the batch: positions depend only on which
    // events are stored already. A refusal waits for them to stop, then removes what they wrote.
    const staging = Promise.allSettled(startStaging(log, held, duplicates, before.head));
    try {
      fresh = checkPlacements(log.index, held, duplicates);
    } finally {
      await staging;
    }
    let loose: StoredEvent[] = [];
    for (const outcome of await staging) {
      if (outcome.status === 'rejected') throw outcome.reason;
      loose = loose.concat(outcome.value);
    }
    await seal(log, before, loose, before.head + fresh.length);
  } catch (error) {
    await discardStaged(log.db);
    throw error;
  }
  fresh.forEach((index, i) => {
    log.index.add(held.id(index), held.streamId(index), before.head + i + 1, held.claims(index));
  });
  return {
    written: fresh.length,
    skipped: held.count - fresh.length,
    head: before.head + fresh.length,
  };
}

/** Ids of a held batch stored with the same content already; throws on other content. */
async function heldDuplicates(log: LogState, held: HeldEvents): Promise<Map<string, number>> {
  const known: number[] = [];
  // Into an empty log (the usual large import) nothing is stored yet.
  if (log.index.head > 0)
    for (let index = 0; index < held.count; index++)
      if (log.index.candidatesOf(held.id(index)).length > 0) known.push(index);
  if (known.length === 0) return new Map();
  const events = await held.eventsAt(known);
  return log.readCommits(() => storedDuplicates(log, events));
}

/** Has the holders of the parts stage their whole chunks, side by side (staging.ts). */
function startStaging(
  log: LogState,
  held: HeldEvents,
  duplicates: ReadonlyMap<string, number>,
  head: number,
): Promise<StoredEvent[]>[] {
  let covered = 0;
  for (const part of held.parts) {
    if (part.from !== covered) throw new Error('The parts of a held batch must follow each other.');
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
    return part.stage({ database: log.name, firstPosition, skip });
  });
  return staging;
}

/**
 * The import's last transaction: writes the events outside the staged chunks, merged with the
 * unsealed tail, and moves the head, which is when readers see the import.
 */
async function seal(
  log: LogState,
  before: LogMeta,
  loose: StoredEvent[],
  head: number,
): Promise<void> {
  const { db } = log;
  await db.transaction('rw', db.commits, db.meta, async () => {
    const meta = await db.meta.get('log');
    if (!meta?.staging || meta.head !== before.head)
      throw new Error('The log changed while the import was being written.');
    // Also with nothing to add: a tail left by chunks of 1000 events may hold whole chunks now.
    if (loose.length > 0 || sealedUpTo(head) > before.sealed) {
      const tail = await db.commits
        .where('first')
        .between(before.sealed, before.head, false, true)
        .toArray();
      await db.commits.bulkDelete(tail.map((record) => record.first));
      await db.commits.bulkAdd(
        chunkRecords(tail.flatMap((record) => eventsOf(record)).concat(loose)),
      );
    }
    await db.meta.put({ ...withoutStaging(meta), head, sealed: sealedUpTo(head) });
  });
}
