/** The expected version did not match the stream's version: nothing was written. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, expected ${expected}.`);
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
    message: string,
  ) {
    super(message);
  }
}
