import { create } from 'zustand';

import type { CustomerSortKey, SortDirection } from '../../projections';

export type { CustomerSortKey, SortDirection };

/**
 * UI state of the customer screens only: what the user typed and how the list is sorted. The
 * customers themselves live in the log and are read through `useView()`; never copy them here.
 */
interface CustomersUiState {
  readonly search: string;
  readonly sortKey: CustomerSortKey;
  readonly sortDirection: SortDirection;
  setSearch: (search: string) => void;
  /** Sorts by `key`: a second click on the same column reverses the direction. */
  sortBy: (key: CustomerSortKey) => void;
}

/** Text columns start A→Z; numbers and times start with the largest / newest. */
const firstDirection: Record<CustomerSortKey, SortDirection> = {
  name: 'ascending',
  email: 'ascending',
  orders: 'descending',
  lifetimeValue: 'descending',
  lastOrder: 'descending',
};

export const initialCustomersUi = {
  search: '',
  sortKey: 'name',
  sortDirection: 'ascending',
} as const satisfies Pick<CustomersUiState, 'search' | 'sortKey' | 'sortDirection'>;

export const useCustomersUi = create<CustomersUiState>()((set) => ({
  ...initialCustomersUi,
  setSearch: (search) => {
    set({ search });
  },
  sortBy: (key) => {
    set((state) =>
      state.sortKey === key
        ? {
            sortDirection: state.sortDirection === 'ascending' ? 'descending' : 'ascending',
          }
        : { sortKey: key, sortDirection: firstDirection[key] },
    );
  },
}));

/** Back to the defaults (tests, and a future "reset filters"). */
export function resetCustomersUi(): void {
  useCustomersUi.setState(initialCustomersUi);
}
