import { useDeskStatus, usePastMoment } from './desk-context';

export interface CommandGate {
  readonly disabled: boolean;
  /** Why commands are off, in plain words (null when they are on). */
  readonly reason: string | null;
}

/**
 * Whether screens may send commands now: not while the log is read or could not be opened,
 * and not while the timeline shows the past (the past cannot be changed).
 */
export function useCommandGate(): CommandGate {
  const { loading, failure, gone } = useDeskStatus();
  const past = usePastMoment();
  if (failure !== null) return { disabled: true, reason: failure };
  if (gone !== null) return { disabled: true, reason: `${gone} Reload the page to go on.` };
  if (loading !== null) return { disabled: true, reason: 'The event log is still being read.' };
  if (past !== null)
    return {
      disabled: true,
      reason: 'You are viewing the past: go back to the present to make changes.',
    };
  return { disabled: false, reason: null };
}
