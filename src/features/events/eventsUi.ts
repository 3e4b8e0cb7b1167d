import { create } from 'zustand';

/**
 * The events page's open event (the filters live in the URL, see EventsPage). The log itself
 * lives in the store.
 */
export interface EventsUiState {
  /** The position of the event shown in the panel. */
  readonly selected: number | null;
  readonly select: (position: number | null) => void;
}

export const useEventsUi = create<EventsUiState>()((set) => ({
  selected: null,
  select: (selected) => {
    set({ selected });
  },
}));
