import { useState } from 'react';
import { useDesk, useDeskSnapshot, usePastMoment } from '../../app/desk-context';
import type { Command } from '../../application/commands';
import type { DomainErrorCode } from '../../domain/errors';
import { isDomainError } from '../../domain/errors';
import type { StoredEvent } from '../../domain/events';

export interface CommandGate {
  readonly disabled: boolean;
  /** Why commands are off, in plain words; null while they are on. */
  readonly reason: string | null;
}

/**
 * Whether the customer screens may send commands right now. Every submit button of this feature
 * reads this one gate, so a new reason to turn commands off is a change here only. Off while the
 * log is still being read or could not be opened, and while the timeline shows the past.
 */
export function useCommandGate(): CommandGate {
  const { loading, failure } = useDeskSnapshot();
  const past = usePastMoment();
  if (past !== null)
    return {
      disabled: true,
      reason: 'You are viewing the past. Go back to the present to make changes.',
    };
  if (failure !== null) return { disabled: true, reason: 'The event log could not be opened.' };
  if (loading !== null) return { disabled: true, reason: 'Reading the event log…' };
  return { disabled: false, reason: null };
}

export interface CommandFailure {
  readonly message: string;
  /** The broken rule's code; absent for failures outside the domain (storage, conflicts). */
  readonly code?: DomainErrorCode;
}

/**
 * Sends commands for one form: whether one is running, and why the last one was rejected. The
 * message shown is the domain's own, in plain words; nothing is validated twice here.
 */
export function useSendCommand() {
  const desk = useDesk();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<CommandFailure | null>(null);

  /** The appended events, or null when the command was rejected (see `failure`). */
  async function send(command: Command): Promise<StoredEvent[] | null> {
    setPending(true);
    setFailure(null);
    try {
      const result = await desk.execute(command);
      if (result.ok) return result.events;
      setFailure({ message: result.error.message, code: result.error.code });
      return null;
    } catch (error) {
      setFailure(
        isDomainError(error)
          ? { message: error.message, code: error.code }
          : { message: error instanceof Error ? error.message : String(error) },
      );
      return null;
    } finally {
      setPending(false);
    }
  }

  return { send, pending, failure };
}

/** A new customer id: `c-` and 8 random hexadecimal characters. */
export function newCustomerId(): string {
  return `c-${crypto.randomUUID().replaceAll('-', '').slice(0, 8)}`;
}
