/**
 * Keeping one tab's index in step with the log the other tabs write: catching up on their
 * appends, following a tail another tab wrote again, and giving up a database that another tab
 * replaced or deleted (the tab is then "gone" and writes nothing more).
 */
import { newIncarnation, type LogMeta } from './db';
import { LogIndex } from './logIndex';
import { LogReplacedError, type LogState } from './logState';
import { readRangeNow } from './reads';

/**
 * Events per read when catching up on other tabs' appends: another tab's import can add a million
 * at once, and reading and parsing them in one go held this tab's page for seconds.
 */
const CATCH_UP_EVENTS = 5_000;

/**
 * Listens to the other tabs: their announced appends (caught up with `catchUp`), and their
 * upgrading or deleting the database, or the browser closing it (the tab is then gone).
 */
export function followOtherTabs(log: LogState, catchUp: () => void): void {
  log.channel.onmessage = catchUp;
  // Another tab upgrades or deletes the database (Dexie closes this connection to let it): what
  // this tab holds belongs to the database that was. It writes nothing more.
  log.db.on('versionchange', (event) => {
    lose(
      log,
      event.newVersion === null
        ? 'This desk was cleared in another tab or window.'
        : 'This desk was changed in another tab or window (a newer version of the app).',
    );
  });
  // The browser closed the connection itself (its data was cleared, say).
  log.db.on('close', () => {
    if (!log.closing)
      lose(log, 'The browser closed this desk’s storage (its data may have been cleared).');
  });
}

/** Stops using the database for good, and tells why. */
function lose(log: LogState, reason: string): void {
  if (log.gone !== null) return;
  log.gone = reason;
  log.db.close({ disableAutoOpen: true });
  for (const listener of log.goneListeners) listener(reason);
}

/**
 * Picks up appends made by other tabs (also run when another tab announces one), a batch of
 * CATCH_UP_EVENTS at a time: each read is its own task, and listeners hear each batch in order.
 * Runs in the tab's queue (LogState.exclusive).
 */
export async function catchUp(log: LogState): Promise<void> {
  if (!log.opened) return;
  // Committed positions up to the head never change (but for a rewritten tail, see
  // followRewrites): later reads need not share a transaction.
  const meta = await log.db.meta.get('log');
  checkIncarnation(log, meta);
  let rewrittenFrom = followRewrites(log, meta);
  log.seeConfirmed(meta?.confirmed);
  const head = meta?.head ?? 0;
  while (log.index.head < head) {
    const from = log.index.head + 1;
    const to = Math.min(head, log.index.head + CATCH_UP_EVENTS);
    const missed = await log.readCommits(() => readRangeNow(log, from, to));
    if (missed.length === 0) return;
    log.index.apply(missed);
    log.emit(missed, rewrittenFrom);
    rewrittenFrom = undefined;
  }
}

/**
 * When another tab wrote the log's tail again since this one looked (meta's `rewrites`), takes
 * the index back to the confirmed position this tab knew, which every rewrite since starts
 * after; the events from there are read again. Returns the position listeners must take back
 * from, if any.
 */
export function followRewrites(log: LogState, meta: LogMeta | undefined): number | undefined {
  const rewrites = meta?.rewrites ?? 0;
  if (rewrites === log.rewritesSeen) return undefined;
  takeBack(log, Math.min(log.confirmedSeen ?? 0, log.index.head));
  log.rewritesSeen = rewrites;
  log.seeConfirmed(meta?.confirmed);
  log.index.forget(log.confirmedSeen ?? 0);
  return log.index.head + 1;
}

/**
 * Takes the index back to `position`; an index restored from a snapshot after it cannot go
 * back so far, and is read again from the first event instead (its head says which).
 */
export function takeBack(log: LogState, position: number): void {
  try {
    log.index.truncate(position);
  } catch {
    log.index = new LogIndex();
  }
}

/**
 * Checks that the log is the one this tab's index was read from, before reading from it or
 * writing to it; a tab whose index holds nothing takes the log as it finds it. Throws
 * LogReplacedError for another log: the database was deleted and made again, or replaced,
 * since this tab read it.
 */
export function checkIncarnation(log: LogState, meta: LogMeta | undefined): void {
  if (log.incarnation === undefined && log.index.head === 0) {
    log.incarnation = meta?.incarnation;
    return;
  }
  if (meta?.incarnation !== log.incarnation) throw new LogReplacedError();
}

/**
 * The log's meta record, checked (see checkIncarnation); a log never written to is given its
 * incarnation now, inside the write's transaction, which this tab takes once it commits.
 */
export async function ownLog(log: LogState, meta: LogMeta): Promise<LogMeta> {
  checkIncarnation(log, meta);
  if (meta.incarnation !== undefined) return meta;
  const made = { ...meta, incarnation: newIncarnation() };
  await log.db.meta.put(made);
  return made;
}
