import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Desk, DeskSnapshot } from '../application/desk';
import type { DeskState } from '../projections';

const DeskContext = createContext<Desk | null>(null);

export function DeskProvider({ desk, children }: { desk: Desk; children: ReactNode }) {
  return <DeskContext.Provider value={desk}>{children}</DeskContext.Provider>;
}

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk must be used inside a DeskProvider.');
  return desk;
}

export function useDeskSnapshot(): DeskSnapshot {
  const desk = useDesk();
  return useSyncExternalStore(desk.subscribe, desk.getSnapshot);
}

/** The views every screen shows; re-renders only when they change. */
export function useView(): DeskState {
  const desk = useDesk();
  return useSyncExternalStore(desk.subscribe, () => desk.getSnapshot().present);
}
