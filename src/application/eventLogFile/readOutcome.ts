/** What reading an event log file gives: its checked events, held by their readers, or why not. */
import type { EventType } from '../../domain/events';
import type { EventFacts } from '../../domain/historyCheck';
import { holdHere } from '../../store/held';
import type { HeldEvents, PlacedEvent } from '../../store/types';
import type { ImportProblem } from './problems';

/** A checked file whose events wait with their readers for the plan and the append. */
export interface HeldImport extends HeldEvents {
  type(index: number): EventType;
  /** What the plan's history check reads of the event. */
  facts(index: number): EventFacts;
  /** Lets the readers go (the workers end): afterwards the import cannot be applied. */
  release(): void;
}

export type ReadOutcome =
  | {
      readonly ok: true;
      readonly held: HeldImport;
      /** How many events were upcast from an older data version. */
      readonly upcast: number;
    }
  | {
      readonly ok: false;
      readonly problems: ImportProblem[];
      /** Checking stopped at MAX_REPORTED_PROBLEMS: later events were not looked at. */
      readonly stoppedEarly: boolean;
    };

export const aborted = (): DOMException =>
  new DOMException('The import was cancelled.', 'AbortError');
export const refused = (problem: ImportProblem): ReadOutcome => ({
  ok: false,
  problems: [problem],
  stoppedEarly: false,
});

/** Checked events held on this thread (no worker, or tests). */
export function heldHere(events: readonly PlacedEvent[]): HeldImport {
  return {
    ...holdHere(events),
    type: (index) => (events[index] as PlacedEvent).type,
    facts: (index) => events[index] as PlacedEvent,
    release: () => undefined,
  };
}
