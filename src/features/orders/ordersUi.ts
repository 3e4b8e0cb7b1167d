import { create } from 'zustand';
import type { OrderSortKey, SortDirection, StatusFilter } from '../../projections';

export type { SortDirection, StatusFilter };
export type SortKey = OrderSortKey;

interface OrdersUiState {
  status: StatusFilter;
  search: string;
  sortKey: SortKey;
  sortDirection: SortDirection;
  setStatus: (status: StatusFilter) => void;
  setSearch: (search: string) => void;
  /** Sorts by `key`: a new key starts descending (newest, largest first); the same key flips. */
  toggleSort: (key: SortKey) => void;
  reset: () => void;
}

const initial = {
  status: 'All',
  search: '',
  sortKey: 'placedAt',
  sortDirection: 'descending',
} as const satisfies Partial<OrdersUiState>;

/**
 * The orders list's UI state: filters and sort. Only UI state lives here; the orders themselves
 * are read from the views (`useView()`), never copied in.
 */
export const useOrdersUi = create<OrdersUiState>()((set) => ({
  ...initial,
  setStatus: (status) => {
    set({ status });
  },
  setSearch: (search) => {
    set({ search });
  },
  toggleSort: (key) => {
    set((state) =>
      state.sortKey === key
        ? { sortDirection: state.sortDirection === 'ascending' ? 'descending' : 'ascending' }
        : { sortKey: key, sortDirection: 'descending' },
    );
  },
  reset: () => {
    set(initial);
  },
}));

// One selector per value, so that a component re-renders only when what it reads changes.
export const useStatusFilter = () => useOrdersUi((state) => state.status);
export const useOrderSearch = () => useOrdersUi((state) => state.search);
export const useSortKey = () => useOrdersUi((state) => state.sortKey);
export const useSortDirection = () => useOrdersUi((state) => state.sortDirection);
export const useSetStatusFilter = () => useOrdersUi((state) => state.setStatus);
export const useSetOrderSearch = () => useOrdersUi((state) => state.setSearch);
export const useToggleSort = () => useOrdersUi((state) => state.toggleSort);
