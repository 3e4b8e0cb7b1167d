import { useCallback, useMemo } from 'react';
import { orderStatuses } from '../../domain/order';
import type { OrderQuery, OrderSortKey, StatusFilter } from '../../projections';
import {
  nextSort,
  sortIn,
  sortParams,
  useQueryParams,
  type Sort,
  type SortCodec,
} from '../../ui/lists/urlState';

/**
 * The orders list's filters, in the URL (see urlState.ts): `?status=Paid&q=…&sort=total&dir=asc
 * &from=2026-03-01&to=2026-03-31`. The search text is read with `useUrlText(SEARCH_PARAM)`.
 */

export const SEARCH_PARAM = 'q';

export const orderSorts: SortCodec<OrderSortKey> = {
  names: { placedAt: 'placed', total: 'total', customer: 'customer', status: 'status' },
  // Times and amounts start with the newest and largest; names and statuses A→Z, Placed first.
  firstDirection: {
    placedAt: 'descending',
    total: 'descending',
    customer: 'ascending',
    status: 'ascending',
  },
  initial: { key: 'placedAt', direction: 'descending' },
};

/** The status in the URL, as the contract spells it; All for a missing or unknown one. */
export function statusIn(params: URLSearchParams): StatusFilter {
  const named = params.get('status')?.toLowerCase();
  return orderStatuses.find((status) => status.toLowerCase() === named) ?? 'All';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as `<input type="date">` gives it (YYYY-MM-DD); '' for none or a bad one. */
export function dateIn(params: URLSearchParams, name: string): string {
  const value = params.get(name) ?? '';
  return startOfDay(value) === undefined ? '' : value;
}

/** The start of a calendar day in the user's time zone, in ms; undefined for no valid date. */
function startOfDay(date: string, days = 0): number | undefined {
  const parts = DATE.exec(date);
  if (parts === null) return undefined;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const start = new Date(year, month - 1, day + days);
  // 2026-02-31 is no date (Date would make it 3 March).
  const valid = new Date(year, month - 1, day);
  if (valid.getFullYear() !== year || valid.getMonth() !== month - 1 || valid.getDate() !== day)
    return undefined;
  return start.getTime();
}

/**
 * Placed from the start of `from` to the end of `to`, both days included, as the projection's
 * time range ('' for an open end).
 */
export function placedRange(
  from: string,
  to: string,
): Pick<OrderQuery, 'placedFrom' | 'placedBefore'> {
  return { placedFrom: startOfDay(from), placedBefore: startOfDay(to, 1) };
}

export interface OrderFilters {
  readonly status: StatusFilter;
  readonly sort: Sort<OrderSortKey>;
  /** Placed on or after this day (YYYY-MM-DD), '' for no bound. */
  readonly from: string;
  /** Placed on or before this day (YYYY-MM-DD), '' for no bound. */
  readonly to: string;
  readonly setStatus: (status: StatusFilter) => void;
  readonly sortBy: (key: OrderSortKey) => void;
  readonly setSort: (sort: Sort<OrderSortKey>) => void;
  readonly setDates: (dates: { from?: string; to?: string }) => void;
  /** No status, search or dates (the sort stays). */
  readonly clear: () => void;
}

/** The orders list's filters in the URL, and ways to change them. */
export function useOrderFilters(): OrderFilters {
  const [params, change] = useQueryParams();
  const status = statusIn(params);
  const { key, direction } = sortIn(params, orderSorts);
  const sort = useMemo(() => ({ key, direction }), [key, direction]);
  const from = dateIn(params, 'from');
  const to = dateIn(params, 'to');
  const setStatus = useCallback(
    (next: StatusFilter) => {
      change({ status: next === 'All' ? null : next }, { push: true });
    },
    [change],
  );
  const setSort = useCallback(
    (next: Sort<OrderSortKey>) => {
      change(sortParams(next, orderSorts), { push: true });
    },
    [change],
  );
  const sortBy = useCallback(
    (key: OrderSortKey) => {
      setSort(nextSort(sort, key, orderSorts));
    },
    [setSort, sort],
  );
  const setDates = useCallback(
    (dates: { from?: string; to?: string }) => {
      change(dates);
    },
    [change],
  );
  const clear = useCallback(() => {
    change({ status: null, [SEARCH_PARAM]: null, from: null, to: null }, { push: true });
  }, [change]);
  return useMemo(
    () => ({ status, sort, from, to, setStatus, sortBy, setSort, setDates, clear }),
    [status, sort, from, to, setStatus, sortBy, setSort, setDates, clear],
  );
}
