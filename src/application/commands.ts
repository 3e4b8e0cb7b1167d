import { customerDecider, type CustomerState } from '../domain/customer';
import { DomainError } from '../domain/errors';
import {
  customerStreamId,
  type CustomerEvent,
  type DomainEvent,
  type OrderEvent,
  type StoredEvent,
} from '../domain/events';
import {
  handleCustomerCommand,
  handleOrderCommand,
  isCustomerCommand,
  streamIdOfCommand,
  type Command,
  type CommandFacts,
} from '../domain/handleCommand';
import { orderDecider, type OrderState } from '../domain/order';
import { EMAIL_SLOT } from '../domain/uniqueness';
import { ConcurrencyError, StorageInterruptedError, UniqueConstraintError } from '../store/errors';
import type { EventStore } from '../store/eventStore';
import type { NewEvent } from '../store/types';

export type { Command } from '../domain/handleCommand';

/** Everything a command needs from outside the domain: its id, the clock and who acts. */
export interface CommandEnvelope {
  /** Unique per command: event ids derive from it, so a retried command is idempotent. */
  commandId: string;
  command: Command;
  /** RFC 3339 UTC with milliseconds. */
  now: string;
  /** URI of the installation acting. */
  source: string;
  actor?: string;
}

export type CommandResult = { ok: true; events: StoredEvent[] } | { ok: false; error: DomainError };

/** Raised when other tabs kept changing the stream through every retry. */
export class CommandConflictError extends Error {
  override readonly name = 'CommandConflictError';
  constructor(streamId: string) {
    super(
      `Someone else kept changing ${streamId} while this command ran. Look at its current state and try again.`,
    );
  }
}

/** Decisions per command when other tabs keep changing its stream: each waits a little longer. */
export const MAX_COMMAND_ATTEMPTS = 6;

/** A pause before deciding again, growing with each attempt and jittered so tabs drift apart. */
const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, attempt * (2 + Math.random() * 8)));

/** The id of the command's event at `index`: a command sent again gives its events the same ids. */
const eventIdOf = (commandId: string, index: number): string => `${commandId}-${index + 1}`;

/**
 * The stream before this command's own events, when they are stored already (the command is sent
 * again, e.g. after a reload lost its answer): decided there, it gives the same events again,
 * which the store recognises as stored instead of refusing them against the state they made.
 */
function historyBefore<E extends StoredEvent>(history: E[], commandId: string): E[] {
  const first = eventIdOf(commandId, 0);
  const index = history.findIndex((event) => event.id === first);
  return index < 0 ? history : history.slice(0, index);
}

/**
 * Loads the stream and decides, at one moment of the tab's log: the facts the decision asks of the
 * rest of the log agree with the stream it read. Returns the stream, its version, the tail's
 * rewrites as the tab knew them then (see EventStore.tailRewrites) and the decision.
 */
function decideAgainstStore(
  store: EventStore,
  command: Command,
  commandId: string,
): Promise<{
  streamId: string;
  version: number;
  tailRewrites: number;
  decision: DomainEvent[] | DomainError;
}> {
  const streamId = streamIdOfCommand(command);
  const facts: CommandFacts = {
    emailOwner: (email) => store.uniqueOwner(EMAIL_SLOT, email),
    customerExists: (customerId) => store.streamVersion(customerStreamId(customerId)) > 0,
  };
  return store.withStream(streamId, (stream) => {
    const history = historyBefore(stream, commandId);
    const handled = isCustomerCommand(command)
      ? handleCustomerCommand(
          command,
          (history as StoredEvent<CustomerEvent>[]).reduce<CustomerState>(
            customerDecider.evolve,
            customerDecider.initialState(),
          ),
          facts,
        )
      : handleOrderCommand(
          command,
          (history as StoredEvent<OrderEvent>[]).reduce<OrderState>(
            orderDecider.evolve,
            orderDecider.initialState(),
          ),
          facts,
        );
    return {
      streamId,
      version: history.length,
      tailRewrites: store.tailRewrites,
      decision: handled instanceof DomainError ? handled : handled.events,
    };
  });
}

/**
 * Runs a command: load the stream's state → decide → append with the version it was decided
 * on. When another tab appended in between, or the sync wrote the pending tail again (the events
 * at that version may be others now), decides again against the new state, a bounded number of
 * times. Broken rules come back as `{ ok: false }` with nothing appended. A command
 * sent again with the same id comes back with the events it stored the first time.
 */
export async function runCommand(
  store: EventStore,
  envelope: CommandEnvelope,
): Promise<CommandResult> {
  const { commandId, command, now, source, actor } = envelope;
  let streamId = '';
  for (let attempt = 1; attempt <= MAX_COMMAND_ATTEMPTS; attempt++) {
    const decided = await decideAgainstStore(store, command, commandId);
    streamId = decided.streamId;
    if (decided.decision instanceof DomainError) return { ok: false, error: decided.decision };
    const events = decided.decision.map((event, i): NewEvent => ({
      ...event,
      id: eventIdOf(commandId, i),
      time: now,
      metadata: {
        source,
        correlationId: commandId,
        causationId: commandId,
        ...(actor === undefined ? {} : { actor }),
      },
    }));
    try {
      const result = await store.append(streamId, events, {
        expectedVersion: decided.version === 0 ? 'no_stream' : decided.version,
        tailRewrites: decided.tailRewrites,
      });
      return { ok: true, events: result.events };
    } catch (error) {
      if (error instanceof UniqueConstraintError)
        return {
          ok: false,
          error: new DomainError(
            'email_taken',
            `Another customer already uses the email ${error.value}.`,
          ),
        };
      // Another tab's append came first, or the browser cut the write short (nothing was kept,
      // or all of it was: deciding again finds the events stored under the same ids).
      if (!(error instanceof ConcurrencyError || error instanceof StorageInterruptedError))
        throw error;
      if (error instanceof StorageInterruptedError && attempt === MAX_COMMAND_ATTEMPTS) throw error;
    }
    if (attempt < MAX_COMMAND_ATTEMPTS) await backOff(attempt);
  }
  throw new CommandConflictError(streamId);
}
