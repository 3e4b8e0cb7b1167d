/** The import's last step: appending the planned events, all or nothing. */
import { IdempotencyError, StreamSequenceError, UniqueConstraintError } from '../../store/errors';
import type { EventStore } from '../../store/eventStore';
import type { Placements } from '../../store/types';
import { describeFailure } from '../failures';
import type { ImportPlan } from './plan';
import type { ImportProblem } from './problems';

export type ImportResult =
  | { readonly ok: true; readonly written: number; readonly skipped: number; readonly head: number }
  | { readonly ok: false; readonly problem: ImportProblem };

const withoutPrefix = (message: string, prefix: string): string =>
  message.startsWith(prefix) ? message.slice(prefix.length) : message;
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** A refused append as a problem that names the event, where the error lets us find it. */
export function problemOfAppendError(error: unknown, events: Placements): ImportProblem {
  const indexWhere = (test: (index: number) => boolean): number | null => {
    for (let index = 0; index < events.count; index++) if (test(index)) return index + 1;
    return null;
  };
  if (error instanceof StreamSequenceError)
    return { index: error.index + 1, id: error.eventId, reason: error.reason };
  if (error instanceof IdempotencyError)
    return {
      index: indexWhere((index) => events.id(index) === error.eventId),
      id: error.eventId,
      reason: withoutPrefix(error.message, `Event ${error.eventId}: `),
    };
  if (error instanceof UniqueConstraintError) {
    const index = indexWhere((at) =>
      events
        .claims(at)
        .some(
          (claim) =>
            claim.slot === error.slot && claim.value === error.value && claim.owner !== error.owner,
        ),
    );
    return {
      index,
      id: index === null ? null : events.id(index - 1),
      reason: lowerFirst(error.message),
    };
  }
  return {
    index: null,
    id: null,
    reason: `The import failed: ${describeFailure(error)}`,
  };
}

/**
 * Appends the planned events all or nothing; the log skips those already stored with the same
 * content. A refusal leaves the log exactly as it was.
 */
export async function applyImport(store: EventStore, plan: ImportPlan): Promise<ImportResult> {
  if (plan.problems.length > 0) {
    const [first] = plan.problems;
    if (first) return { ok: false, problem: first };
  }
  try {
    const result = await store.appendHeld(plan.held);
    return { ok: true, ...result };
  } catch (error) {
    return { ok: false, problem: problemOfAppendError(error, plan.held) };
  }
}
