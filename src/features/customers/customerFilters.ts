import { useCallback, useMemo } from 'react';
import type { CustomerSortKey } from '../../projections';
import {
  nextSort,
  sortIn,
  sortParams,
  useQueryParams,
  type Sort,
  type SortCodec,
} from '../../ui/lists/urlState';

/**
 * The customers list's sort in the URL (see urlState.ts): `?sort=orders&dir=desc`. The search
 * text is read with `useUrlText(CUSTOMER_SEARCH_PARAM)`.
 */

export const CUSTOMER_SEARCH_PARAM = 'q';

export const customerSorts: SortCodec<CustomerSortKey> = {
  names: {
    name: 'name',
    email: 'email',
    orders: 'orders',
    lifetimeValue: 'value',
    lastOrder: 'last-order',
  },
  // Text columns start A→Z; numbers and times start with the largest, the newest.
  firstDirection: {
    name: 'ascending',
    email: 'ascending',
    orders: 'descending',
    lifetimeValue: 'descending',
    lastOrder: 'descending',
  },
  initial: { key: 'name', direction: 'ascending' },
};

/** The customers list's sort in the URL, and sorting by a column (again: the other way). */
export function useCustomerSort(): [Sort<CustomerSortKey>, (key: CustomerSortKey) => void] {
  const [params, change] = useQueryParams();
  const { key, direction } = sortIn(params, customerSorts);
  const sort = useMemo(() => ({ key, direction }), [key, direction]);
  const sortBy = useCallback(
    (next: CustomerSortKey) => {
      change(sortParams(nextSort(sort, next, customerSorts), customerSorts), { push: true });
    },
    [change, sort],
  );
  return [sort, sortBy];
}
