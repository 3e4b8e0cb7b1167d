/**
 * One writer at a time per log, across this browser's tabs and workers, where it matters: an
 * import holds the log's Web Lock from the transaction that marks the log as staging to the one
 * that moves the head (README, "Event store"), and an append that finds the mark waits for the
 * lock before it writes (or removes what a dead import left). Other appends are one transaction
 * each and go without it. The browser releases the lock of a tab that closes or crashes. A second
 * lock lets one tab at a time write snapshots.
 */

const lockName = (database: string): string => `order-desk-log:${database}`;

/** Where there is no Web Locks API (unit tests under jsdom), locks held in this JavaScript realm. */
class LocalLocks {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly holders = new Map<string, number>();

  request<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.holders.set(name, (this.holders.get(name) ?? 0) + 1);
    const run = (this.tails.get(name) ?? Promise.resolve()).then(work).finally(() => {
      const left = (this.holders.get(name) ?? 1) - 1;
      if (left === 0) {
        this.holders.delete(name);
        this.tails.delete(name);
      } else this.holders.set(name, left);
    });
    this.tails.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  }

  isFree(name: string): boolean {
    return !this.holders.has(name);
  }
}

const localLocks = new LocalLocks();
const webLocks = (): LockManager | undefined =>
  typeof navigator === 'undefined' ? undefined : (navigator as Partial<Navigator>).locks;

/** Runs `work` holding the log's lock, once every earlier holder has let go. */
export async function withLogLock<T>(database: string, work: () => Promise<T>): Promise<T> {
  const locks = webLocks();
  const name = lockName(database);
  return locks ? await locks.request(name, work) : localLocks.request(name, work);
}

/** Runs `work` holding the log's lock if nobody holds it now; otherwise does nothing. */
export async function ifLogLockFree(database: string, work: () => Promise<void>): Promise<void> {
  const locks = webLocks();
  const name = lockName(database);
  if (locks) await locks.request(name, { ifAvailable: true }, (lock) => (lock ? work() : null));
  else if (localLocks.isFree(name)) await localLocks.request(name, work);
}

/**
 * Runs `work` holding the log's snapshot lock, so that one tab at a time writes snapshots; if
 * another tab holds it now, does nothing and gives 'skipped'.
 */
export async function withSnapshotLock<T>(
  database: string,
  work: () => Promise<T>,
): Promise<T | 'skipped'> {
  const locks = webLocks();
  const name = `order-desk-snapshot:${database}`;
  if (locks)
    return locks.request(name, { ifAvailable: true }, (lock) => (lock ? work() : 'skipped'));
  return localLocks.isFree(name) ? localLocks.request(name, work) : 'skipped';
}
