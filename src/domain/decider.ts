import type { DomainError } from './errors';

/**
 * One aggregate's behaviour. `decide` turns a command into events or a broken rule; `evolve` folds
 * an event into state and is total. `Context` carries facts from outside the stream (for example
 * who owns an email) that the application layer looks up for the decision.
 */
export interface Decider<Command, State, Event, Context> {
  initialState: () => State;
  decide: (command: Command, state: State, context: Context) => Event[] | DomainError;
  evolve: (state: State, event: Event) => State;
}
