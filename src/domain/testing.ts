import { expect } from 'vitest';
import type { Decider } from './decider';
import type { DomainErrorCode } from './errors';
import { DomainError } from './errors';
import { createUpcasters } from './upcasters';

/** Given: folds events from a decider's initial state, freezing every state so nothing mutates it. */
export function givenFor<State, Event extends object>(decider: {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
}): (...events: Event[]) => State {
  return (...events) =>
    events.reduce<State>(
      (state, event) => Object.freeze(decider.evolve(state, Object.freeze(event))),
      Object.freeze(decider.initialState()),
    );
}

/** Then: the decision is a DomainError with this code and a plain-words sentence. */
export function expectRejected(result: unknown, code: DomainErrorCode): DomainError {
  expect(result).toBeInstanceOf(DomainError);
  if (!(result instanceof DomainError)) throw new Error('expected a rejection');
  expect(result.code).toBe(code);
  expect(result.message.trim()).toBe(result.message);
  expect(result.message).toMatch(/^\S.{4,}[.]$/su);
  expect(result.message).not.toMatch(/undefined|NaN|\[object/u);
  expect(result.message).not.toContain(code);
  return result;
}

/** A made-up version 0 of OrderPlaced without `total`; version 1 computes it from the lines. */
export const orderPlacedV0 = createUpcasters([
  {
    type: 'OrderPlaced',
    fromVersion: 0,
    upcast: (data) => {
      const items = data.items as { quantity: number; unit_price: number }[];
      return { ...data, total: items.reduce((sum, l) => sum + l.quantity * l.unit_price, 0) };
    },
  },
]);

/**
 * A decider's tests as given → when → then, after emmett's DeciderSpecification:
 * `spec.given([events]).when(command, context).then([events])`, or `.thenRejects(code)` for a
 * broken rule (a decider returns it; it does not throw). States are frozen as in `givenFor`.
 */
export function deciderSpec<Command, State, Event extends object, Context>(
  decider: Decider<Command, State, Event, Context>,
) {
  const fold = givenFor(decider);
  return {
    given: (events: readonly Event[] = []) => ({
      when: (command: Command, context: Context) => {
        const decided = () => decider.decide(command, fold(...events), context);
        return {
          then: (expected: readonly Event[]): void => {
            expect(decided()).toStrictEqual(expected);
          },
          thenRejects: (code: DomainErrorCode): DomainError => expectRejected(decided(), code),
        };
      },
    }),
  };
}
