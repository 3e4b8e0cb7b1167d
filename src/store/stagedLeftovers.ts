/** Removing what a given-up import staged beyond the head (see EventStore.appendHeld). */
import { yieldToMain } from '../lib/scheduling';
import type { EventLogDb, LogMeta } from './db';

/** Records a removal of a failed import's leftovers takes per transaction (100 chunks). */
const DISCARD_RECORDS = 100;

/** The meta record with the staging mark taken off. */
export function withoutStaging(meta: LogMeta): LogMeta {
  const settled = { ...meta };
  delete settled.staging;
  return settled;
}

/**
 * Removes what an import staged beyond the head, if one was given up (logLock.ts held): a slice
 * of records per transaction, the main thread given back in between, and the staging mark last.
 * Readers never look beyond the head, so the log is whole at every step; and as each step only
 * removes (the mark's record shrinks), it works on a full disk too.
 */
export async function discardStaged(db: EventLogDb): Promise<void> {
  for (;;) {
    const done = await db.transaction('rw', db.commits, db.meta, async () => {
      const meta = await db.meta.get('log');
      if (!meta?.staging) return true;
      const staged = await db.commits
        .where('first')
        .above(meta.head)
        .limit(DISCARD_RECORDS)
        .primaryKeys();
      if (staged.length > 0) {
        await db.commits.bulkDelete(staged);
        return false;
      }
      await db.meta.put(withoutStaging(meta));
      return true;
    });
    if (done) return;
    await yieldToMain();
  }
}
