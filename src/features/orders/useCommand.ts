import { useCallback, useRef, useState } from 'react';
import type { Command } from '../../application/commands';
import { useCommandGate } from '../../ui/command-gate';
import { useDesk } from '../../ui/desk-context';
import type { StoredEvent } from '../../domain/events';
import { describeFailure } from '../../application/failures';

export interface CommandsEnabled {
  readonly enabled: boolean;
  /** Why commands are off, in plain words (e.g. while the timeline shows the past). */
  readonly reason?: string;
}

/**
 * Whether the order screens may run commands now: the app's gate says no, with a reason, while
 * the log is read or while the timeline shows the past.
 */
export function useCommandsEnabled(): CommandsEnabled {
  const { disabled, reason } = useCommandGate();
  return disabled ? { enabled: false, ...(reason === null ? {} : { reason }) } : { enabled: true };
}

export interface Rejection {
  /** Which form the command came from, so its message shows next to it. */
  readonly source: string;
  readonly message: string;
}

export interface CommandRunner {
  /**
   * Runs the command (under `commandId` when it may be sent again, see `useFormDraft`); resolves
   * to its events, or to null when it was rejected.
   */
  run: (
    source: string,
    command: Command,
    commandId?: string,
  ) => Promise<readonly StoredEvent[] | null>;
  readonly rejection: Rejection | null;
  readonly pending: boolean;
  readonly enabled: CommandsEnabled;
}

/**
 * The one way the order screens run commands. A broken rule (`{ ok: false }`), a command that
 * kept conflicting with other tabs (`CommandConflictError`) or a failing store all end as a
 * rejection with a plain-words message; a success clears it.
 */
export function useCommand(): CommandRunner {
  const desk = useDesk();
  const enabled = useCommandsEnabled();
  const [rejection, setRejection] = useState<Rejection | null>(null);
  const [pending, setPending] = useState(false);
  const running = useRef(false);

  const run = useCallback(
    async (
      source: string,
      command: Command,
      commandId?: string,
    ): Promise<readonly StoredEvent[] | null> => {
      if (!enabled.enabled) {
        setRejection({ source, message: enabled.reason ?? 'Commands are turned off right now.' });
        return null;
      }
      // One command at a time: a double click must not run it twice.
      if (running.current) return null;
      running.current = true;
      setPending(true);
      try {
        const result = await desk.execute(command, commandId);
        if (!result.ok) {
          setRejection({ source, message: result.error.message });
          return null;
        }
        setRejection(null);
        return result.events;
      } catch (error) {
        setRejection({
          source,
          message: describeFailure(error),
        });
        return null;
      } finally {
        running.current = false;
        setPending(false);
      }
    },
    [desk, enabled.enabled, enabled.reason],
  );

  return { run, rejection, pending, enabled };
}
