import { expect } from 'vitest';
import type { DomainErrorCode } from './errors';
import { DomainError } from './errors';

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
