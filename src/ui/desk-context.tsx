import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Desk, DeskStatus } from '../application/desk';
import type { DeskView } from '../projections';

const DeskContext = createContext<Desk | null>(null);

export function DeskProvider({ desk, children }: { desk: Desk; children: ReactNode }) {
  return <DeskContext.Provider value={desk}>{children}</DeskContext.Provider>;
}

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk must be used inside a DeskProvider.');
  return desk;
}

export function useDeskStatus(): DeskStatus {
  const desk = useDesk();
  return useSyncExternalStore(desk.subscribe, desk.getStatus);
}

/** The views of the present; re-renders only when they change. */
export function usePresent(): DeskView {
  const desk = useDesk();
  return useSyncExternalStore(desk.subscribe, () => desk.getStatus().present);
}

/** What the timeline shows instead of the present: the views after the event at `position`. */
export interface PastMoment {
  readonly position: number;
  readonly view: DeskView;
}

/** Set by the timeline while a past moment is shown (null: the present). */
export const PastMomentContext = createContext<PastMoment | null>(null);

/** The moment on screen: null for the present. */
export function usePastMoment(): PastMoment | null {
  return useContext(PastMomentContext);
}

/** The views every screen shows: the present, or the past moment the timeline is on. */
export function useView(): DeskView {
  const present = usePresent();
  return usePastMoment()?.view ?? present;
}
