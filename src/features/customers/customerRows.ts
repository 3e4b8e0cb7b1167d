import type { Map as IMap } from 'immutable';
import { minorUnitsPerMajor, type CustomerView } from '../../projections';
import { sortEntries, type SortedEntries } from '../lists/sortEntries';
import type { CustomerSortKey, SortDirection } from './customersUi';

/** One customer in the list, with what searching and sorting need computed once. */
export interface CustomerRow {
  readonly customer: CustomerView;
  /** Name and email, lower-cased, for a case-insensitive search. */
  readonly searchText: string;
  /**
   * The lifetime value as one number for sorting: the sum of the per-currency amounts in major
   * units. Exact for the usual single-currency customer; a rough order across currencies.
   */
  readonly valueForSorting: number;
}

// Views are replaced, never edited, when they change: a view's row never goes stale.
const rowOfView = new WeakMap<CustomerView, CustomerRow>();

function rowOf(customer: CustomerView): CustomerRow {
  let row = rowOfView.get(customer);
  if (row === undefined) {
    let value = 0;
    for (const [currency, amount] of Object.entries(customer.lifetimeValue))
      value += amount / minorUnitsPerMajor(currency);
    row = {
      customer,
      searchText: `${customer.name}\u0000${customer.email}`.toLowerCase(),
      valueForSorting: value,
    };
    rowOfView.set(customer, row);
  }
  return row;
}

/** The rows whose name or email contains `search`, ignoring case and surrounding spaces. */
export function filterRows(rows: readonly CustomerRow[], search: string): readonly CustomerRow[] {
  const needle = search.trim().toLowerCase();
  if (needle === '') return rows;
  return rows.filter((row) => row.searchText.includes(needle));
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

type Compare = (a: CustomerRow, b: CustomerRow) => number;

const byName: Compare = (a, b) =>
  collator.compare(a.customer.name, b.customer.name) ||
  (a.customer.customerId < b.customer.customerId
    ? -1
    : a.customer.customerId > b.customer.customerId
      ? 1
      : 0);

const comparators: Record<CustomerSortKey, Compare> = {
  name: byName,
  email: (a, b) => collator.compare(a.customer.email, b.customer.email),
  orders: (a, b) => a.customer.orderCount - b.customer.orderCount,
  lifetimeValue: (a, b) => a.valueForSorting - b.valueForSorting,
  lastOrder: (a, b) => {
    const x = a.customer.lastOrderAt ?? '';
    const y = b.customer.lastOrderAt ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  },
};

/**
 * Ties fall back to the name, A→Z, in both directions, then the id; customers who never ordered
 * come last when sorting by last order, whichever the direction.
 */
function comparator(key: CustomerSortKey, direction: SortDirection): Compare {
  const compare = comparators[key];
  const sign = direction === 'ascending' ? 1 : -1;
  return (a, b) => {
    if (key === 'lastOrder') {
      const missing =
        Number(a.customer.lastOrderAt === undefined) - Number(b.customer.lastOrderAt === undefined);
      if (missing !== 0) return missing;
    }
    return sign * compare(a, b) || byName(a, b);
  };
}

type Order = `${CustomerSortKey} ${SortDirection}`;
type Sorted = SortedEntries<CustomerView, CustomerRow>;

/** Per map and order: its sorted rows. Maps are immutable values, so a result never goes stale. */
const sortedByMap = new WeakMap<IMap<string, CustomerView>, Map<Order, readonly CustomerRow[]>>();
/** Per order: the map sorted last, the base for sorting the next one incrementally. */
const lastSorted = new Map<Order, Sorted>();

/**
 * Every customer's row, sorted. Memoized by the map's identity; a map that differs by a few
 * customers from the one sorted last (the next moment on the timeline) is sorted incrementally.
 */
export function sortCustomers(
  customers: IMap<string, CustomerView>,
  key: CustomerSortKey,
  direction: SortDirection,
): readonly CustomerRow[] {
  const order: Order = `${key} ${direction}`;
  let byOrder = sortedByMap.get(customers);
  if (byOrder === undefined) {
    byOrder = new Map();
    sortedByMap.set(customers, byOrder);
  }
  let rows = byOrder.get(order);
  if (rows === undefined) {
    const sorted = sortEntries(
      customers,
      { rowOf, entryOf: (row) => row.customer, compare: comparator(key, direction) },
      lastSorted.get(order),
    );
    lastSorted.set(order, sorted);
    rows = sorted.rows;
    byOrder.set(order, rows);
  }
  return rows;
}
