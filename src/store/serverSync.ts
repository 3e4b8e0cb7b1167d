/**
 * The store's side of syncing with a server: where the log is confirmed up to, taking the
 * server's events in (writing the pending tail again when they differ), and the records the
 * sync keeps beside the log.
 */
import type { StoredEvent } from '../domain/events';
import { checkPlacements, classifyNow, contentOf, placementsOf } from './appendChecks';
import { writeEvents } from './appends';
import { chunkRecords, eventsOf, sealedUpTo, storedEventOf } from './chunks';
import type { LogMeta } from './db';
import { LogIndex } from './logIndex';
import { withLogLock } from './logLock';
import { emptyMeta, type LogState } from './logState';
import { readRange, recordContaining } from './reads';
import { discardStaged } from './stagedLeftovers';
import { catchUp, ownLog, takeBack } from './tabSync';
import type { EventTexts, PlacedEvent } from './types';

/** A tail rewrite found the log moved on since it was decided (see `acceptServerEvents`). */
export class TailMovedError extends Error {
  override readonly name = 'TailMovedError';
  constructor() {
    super('The log changed while its tail was being written again: catch up and try again.');
  }
}

/**
 * The sync record of pending events taken out of the log by `acceptServerEvents`, in order, whose
 * commands the sync decides again.
 */
export const REBASING = 'rebasing';

/** EventStore.beginSync, in the tab's queue. */
export function beginSync(
  log: LogState,
  records: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  const { db } = log;
  return withLogLock(log.name, async () => {
    let began: boolean;
    try {
      began = await db.transaction('rw', db.meta, db.sync, async () => {
        const meta = await ownLog(log, (await db.meta.get('log')) ?? emptyMeta());
        if (meta.confirmed !== undefined) return false;
        await db.meta.put({ ...meta, confirmed: 0 });
        await db.sync.bulkPut(Object.entries(records).map(([key, value]) => ({ key, value })));
        return true;
      });
    } catch (error) {
      throw await log.failureOf(error);
    }
    // Not announced: the tab that began asks for the sync's lock first, and other tabs hear of
    // the sync with its first write.
    if (began) log.seeConfirmed(0);
    else await catchUp(log);
    return began;
  });
}

/** EventStore.endSync, in the tab's queue. */
export async function endSync(log: LogState): Promise<void> {
  const { db } = log;
  await db.transaction('rw', db.meta, db.sync, async () => {
    const meta = await db.meta.get('log');
    if (meta !== undefined) {
      const local = { ...meta };
      delete local.confirmed;
      await db.meta.put(local);
    }
    await db.sync.clear();
    log.seeConfirmed(undefined);
  });
  log.announce();
}

/** EventStore.acceptServerEvents, in the tab's queue. */
export function acceptServerEvents(
  log: LogState,
  events: readonly PlacedEvent[],
  options: { after: number; expectedHead: number; withdraw?: boolean; texts?: EventTexts },
): Promise<{ confirmed: number; taken: StoredEvent[] }> {
  const { after, expectedHead } = options;
  const { db } = log;
  return withLogLock(log.name, async () => {
    log.checkNotGone();
    await discardStaged(db);
    const head = log.index.head;
    if (head !== expectedHead || log.confirmedSeen !== after) throw new TailMovedError();
    const pending = head > after ? await readRange(log, after + 1, head) : [];
    let same = 0;
    while (
      same < events.length &&
      same < pending.length &&
      (pending[same] as StoredEvent).id === (events[same] as PlacedEvent).id &&
      contentOf(pending[same] as StoredEvent) === contentOf(events[same] as PlacedEvent)
    )
      same++;
    // The server stamps who recorded an event (its source): one recorded before this log synced,
    // or before its tab knew, is confirmed as another's and kept as the server has it.
    let alike = 0;
    while (
      alike < same &&
      recordedAlike(pending[alike] as StoredEvent, events[alike] as PlacedEvent)
    )
      alike++;
    // Pending events after the server's, which all it sent confirm as they are, stay as they are.
    const stayPending = same === events.length && options.withdraw !== true ? same : pending.length;
    const confirmed = after + events.length;
    const from = after + alike + 1;
    // A rewrite takes pending events back; with every pending event confirmed, the server's
    // new events simply follow at the head.
    const rewrite = alike < pending.length && (alike < events.length || options.withdraw === true);
    const incoming = events.slice(alike);
    const extend = !rewrite && incoming.length > 0;
    const taken = rewrite ? takenBack(pending.slice(alike, stayPending), incoming) : [];
    if (rewrite && log.index.earliestTruncation > from - 1) {
      // Restored from a snapshot after `from` (the first sync of a log that had one): an
      // index read from the first event can go back anywhere.
      const whole = new LogIndex();
      whole.apply(await readRange(log, 1, head));
      log.index = whole;
    }
    let stored: StoredEvent[] = [];
    try {
      await db.transaction(
        'rw',
        [db.commits, db.meta, db.sync, db.snapshots, db.snapshotParts],
        async () => {
          const meta = await ownLog(log, (await db.meta.get('log')) ?? emptyMeta());
          if (
            meta.head !== head ||
            meta.confirmed !== after ||
            (meta.rewrites ?? 0) !== log.rewritesSeen
          )
            throw new TailMovedError();
          if (!rewrite && !extend) {
            await db.meta.put({ ...meta, confirmed });
            return;
          }
          if (rewrite) log.index.truncate(from - 1);
          const before = [...(await classifyNow(log, incoming)).keys()];
          if (before.length > 0)
            throw new Error(`Event ${before[0] ?? ''} is stored before position ${from}.`);
          checkPlacements(log.index, placementsOf(incoming), new Map());
          stored = incoming.map((event, i) => storedEventOf(event, from + i));
          if (rewrite) stored.push(...pending.slice(stayPending));
          if (extend) {
            await writeEvents(log, { ...meta, confirmed }, stored, options.texts);
            return;
          }
          // The record that holds `from` keeps what comes before it; the rest goes. Kept in
          // chunks of the size now: a record of an earlier, larger chunk would cross the new
          // sealed end, and appends, which merge only the records after it, would never seal it.
          const split = await recordContaining(log, from);
          const kept = split && split.first < from ? eventsOf(split, split.first, from - 1) : [];
          await db.commits
            .where('first')
            .aboveOrEqual(split?.first ?? from)
            .delete();
          if (kept.length > 0) await db.commits.bulkAdd(chunkRecords(kept));
          const cut: LogMeta = {
            ...meta,
            head: from - 1,
            sealed: Math.min(meta.sealed, sealedUpTo(from - 1)),
            confirmed,
            rewrites: (meta.rewrites ?? 0) + 1,
          };
          await db.meta.put(cut);
          await writeEvents(log, cut, stored, options.texts);
          const rebasing = (await db.sync.get(REBASING))?.value as StoredEvent[] | undefined;
          await db.sync.put({ key: REBASING, value: [...(rebasing ?? []), ...taken] });
          await db.snapshots.where('position').aboveOrEqual(from).delete();
          await db.snapshotParts
            .where('[position+name]')
            .between([from, ''], [Infinity, '\uffff'])
            .delete();
        },
      );
    } catch (error) {
      if (rewrite) {
        // The index as it was before the transaction, tail and all.
        takeBack(log, from - 1);
        log.index.apply(pending.slice(alike));
      }
      throw error instanceof TailMovedError ? error : await log.failureOf(error);
    }
    if (rewrite) {
      log.index.apply(stored);
      log.rewritesSeen += 1;
      log.emit(stored, from);
    } else if (extend) {
      log.index.apply(stored);
      log.emit(stored);
    }
    log.seeConfirmed(confirmed);
    log.announce();
    log.index.forget(confirmed);
    return { confirmed, taken };
  });
}

/** Whether a pending event and the server's copy of it say alike who recorded it, and when. */
const recordedAlike = (pending: StoredEvent, server: PlacedEvent): boolean =>
  pending.time === server.time &&
  pending.streamVersion === server.streamVersion &&
  pending.metadata.source === server.metadata.source &&
  pending.metadata.correlationId === server.metadata.correlationId &&
  pending.metadata.causationId === server.metadata.causationId &&
  pending.metadata.actor === server.metadata.actor;

/** The pending events a rewrite takes out: those the server's events do not include by id. */
function takenBack(pending: readonly StoredEvent[], incoming: readonly PlacedEvent[]) {
  const serverIds = new Set(incoming.map((event) => event.id));
  return pending.filter((event) => !serverIds.has(event.id));
}

/** A record the sync keeps beside the log (see SyncRecord); undefined when there is none. */
export async function readSyncRecord(log: LogState, key: string): Promise<unknown> {
  return (await log.db.sync.get(key))?.value;
}

/**
 * Writes a record the sync keeps beside the log: the value `change` makes of the stored one
 * (undefined when there is none), read and written in one transaction; undefined removes it.
 * Other tabs hear of it. Returns the value written.
 */
export async function changeSyncRecord(
  log: LogState,
  key: string,
  change: (stored: unknown) => unknown,
): Promise<unknown> {
  log.checkNotGone();
  const { db } = log;
  let value: unknown;
  try {
    await db.transaction('rw', db.sync, async () => {
      value = change((await db.sync.get(key))?.value);
      if (value === undefined) await db.sync.delete(key);
      else await db.sync.put({ key, value });
    });
  } catch (error) {
    throw await log.failureOf(error);
  }
  log.announce();
  return value;
}
