import { formatBytes } from '../lib/format';

/** The expected version did not match the stream's version: nothing was written. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: number,
    message = `Stream ${streamId} is at version ${actual}, expected ${expected}.`,
  ) {
    super(message);
  }
}

/** An event id is already stored with other content (or a batch mixes new and stored ids). */
export class IdempotencyError extends Error {
  override readonly name = 'IdempotencyError';
  constructor(
    readonly eventId: string,
    reason: string,
  ) {
    super(`Event ${eventId}: ${reason}`);
  }
}

/** A unique value (such as an email) is already held by another owner: nothing was written. */
export class UniqueConstraintError extends Error {
  override readonly name = 'UniqueConstraintError';
  constructor(
    readonly slot: string,
    readonly value: string,
    readonly owner: string,
  ) {
    super(`The ${slot} ${value} is already held by ${owner}.`);
  }
}

/** A bulk append whose events do not continue the stored streams: nothing was written. */
export class StreamSequenceError extends Error {
  override readonly name = 'StreamSequenceError';
  constructor(
    readonly eventId: string,
    readonly index: number,
    /** What is wrong with the event, a sentence about "it" (without the event's id). */
    readonly reason: string,
  ) {
    super(`Event ${eventId}: ${reason}.`);
  }
}

/**
 * The browser's storage for this site is full: nothing of the write was kept. Says how full, when
 * the browser tells, and what to do.
 */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(
    readonly usage: number | null,
    readonly quota: number | null,
  ) {
    const used =
      usage !== null && quota !== null && quota > 0
        ? ` (${formatBytes(usage)} of ${formatBytes(quota)} used)`
        : '';
    super(
      `The browser's storage for this site is full${used}, so this could not be saved. The desk still shows everything it holds. To make room, export the event log, remove other sites' data in the browser's settings, then try again.`,
    );
  }
}

/** IndexedDB failed a write for a reason that may pass (an interrupted transaction, say). */
export class StorageInterruptedError extends Error {
  override readonly name = 'StorageInterruptedError';
  constructor() {
    super(
      'The browser could not save this just now: nothing was saved. Try again; if it keeps failing, reload the page.',
    );
  }
}

/** Whether an error is the browser's storage being full (as IndexedDB or Dexie report it). */
export function isQuotaError(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = (cause as { inner?: unknown }).inner)
    if (cause.name === 'QuotaExceededError') return true;
  return false;
}

/** IndexedDB's and Dexie's names of failures that may pass when the write is tried again. */
const interruptions = new Set([
  'AbortError',
  'ConstraintError',
  'PrematureCommitError',
  'TransactionInactiveError',
  'UnknownError',
  'TimeoutError',
  'DatabaseClosedError',
  'InvalidStateError',
]);

/** Whether an error is IndexedDB failing a write in a way that may pass (see StorageInterruptedError). */
export const isInterruption = (error: unknown): boolean =>
  error instanceof Error && !isQuotaError(error) && interruptions.has(error.name);
