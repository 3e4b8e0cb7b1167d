import { useState } from 'react';
import { useDesk } from '../../ui/desk-context';
import type { Command } from '../../application/commands';
import type { DomainErrorCode } from '../../domain/errors';
import { isDomainError } from '../../domain/errors';
import type { StoredEvent } from '../../domain/events';
import { describeFailure } from '../../application/failures';

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

  /**
   * The appended events, or null when the command was rejected (see `failure`). `commandId` is
   * for a command that may be sent again (see `useFormDraft`).
   */
  async function send(command: Command, commandId?: string): Promise<StoredEvent[] | null> {
    setPending(true);
    setFailure(null);
    try {
      const result = await desk.execute(command, commandId);
      if (result.ok) return result.events;
      setFailure({ message: result.error.message, code: result.error.code });
      return null;
    } catch (error) {
      setFailure(
        isDomainError(error)
          ? { message: error.message, code: error.code }
          : { message: describeFailure(error) },
      );
      return null;
    } finally {
      setPending(false);
    }
  }

  return { send, pending, failure };
}
