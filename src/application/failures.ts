import { DomainError } from '../domain/errors';
import {
  ConcurrencyError,
  IdempotencyError,
  StorageFullError,
  StorageInterruptedError,
  StreamSequenceError,
  UniqueConstraintError,
} from '../store/errors';
import { LogReplacedError } from '../store/eventStore';
import { UpcastError } from '../domain/upcasters';
import { CommandConflictError } from './commands';
import {
  AttentionBeforeLeavingError,
  JoinedInAnotherTabError,
  SyncingInAnotherTabError,
} from './sync/errors';

/** Failures whose messages are written for the people who read them. */
const worded = [
  DomainError,
  CommandConflictError,
  StorageFullError,
  StorageInterruptedError,
  LogReplacedError,
  ConcurrencyError,
  IdempotencyError,
  StreamSequenceError,
  UniqueConstraintError,
  UpcastError,
  AttentionBeforeLeavingError,
  JoinedInAnotherTabError,
  SyncingInAnotherTabError,
];

/**
 * What went wrong, in words a person can act on: the message of a failure the desk words
 * itself, and for anything else (a raw browser or library error) a plain sentence, never its name.
 */
export function describeFailure(error: unknown): string {
  if (worded.some((kind) => error instanceof kind)) return (error as Error).message;
  return 'Something went wrong, and nothing was changed. Try again; if it keeps happening, reload the page.';
}
