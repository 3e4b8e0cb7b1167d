import { create } from 'zustand';
import type { EventType } from '../../domain/events';

/** The events page's UI state: filters and the open event. The log itself lives in the store. */
export interface EventsUiState {
  readonly type: EventType | '';
  readonly stream: string;
  readonly search: string;
  /** The position of the event shown in the panel. */
  readonly selected: number | null;
  readonly setType: (type: EventType | '') => void;
  readonly setStream: (stream: string) => void;
  readonly setSearch: (search: string) => void;
  readonly select: (position: number | null) => void;
  readonly clearFilters: () => void;
  /** Back to no filters and no open event (tests start from it). */
  readonly reset: () => void;
}

const initial = { type: '', stream: '', search: '', selected: null } as const;

export const useEventsUi = create<EventsUiState>()((set) => ({
  ...initial,
  setType: (type) => {
    set({ type });
  },
  setStream: (stream) => {
    set({ stream });
  },
  setSearch: (search) => {
    set({ search });
  },
  select: (selected) => {
    set({ selected });
  },
  clearFilters: () => {
    set({ type: '', stream: '', search: '' });
  },
  reset: () => {
    set(initial);
  },
}));
