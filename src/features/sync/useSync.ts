import { useSyncExternalStore } from 'react';
import { useDesk } from '../../ui/desk-context';
import type { SyncState } from '../../application/sync/syncEngine';
import { formatCount } from '../../lib/format';

/** The desk's sync: whether it joined a server's desk, and how syncing goes. */
export function useSyncState(): SyncState {
  const { sync } = useDesk();
  return useSyncExternalStore(sync.subscribe, sync.getState);
}

/**
 * How many events of the log the server has not confirmed yet; null while the desk does not
 * sync. Re-renders only when that number changes.
 */
export function usePendingCount(): number | null {
  const desk = useDesk();
  return useSyncExternalStore(desk.subscribe, () => {
    const { confirmed, logHead } = desk.getStatus();
    return confirmed === null ? null : Math.max(0, logHead - confirmed);
  });
}

/** The position up to which the log is the server's; null while the desk does not sync. */
export function useConfirmed(): number | null {
  const desk = useDesk();
  return useSyncExternalStore(desk.subscribe, () => desk.getStatus().confirmed);
}

/** "3 changes not yet synced" */
export const pendingText = (count: number): string =>
  `${formatCount(count)} ${count === 1 ? 'change' : 'changes'} not yet synced`;
