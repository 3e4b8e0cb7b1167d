import type { Map as IMap } from 'immutable';
import { minorUnitsPerMajor, type CustomerView } from '../../projections';
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

// Keyed by the projection's Immutable map: a state that did not change gives the same array back,
// even after the list unmounts and mounts again.
const rowsCache = new WeakMap<IMap<string, CustomerView>, readonly CustomerRow[]>();

export function customerRows(customers: IMap<string, CustomerView>): readonly CustomerRow[] {
  let rows = rowsCache.get(customers);
  if (rows === undefined) {
    const built: CustomerRow[] = [];
    for (const customer of customers.values()) {
      let value = 0;
      for (const [currency, amount] of Object.entries(customer.lifetimeValue))
        value += amount / minorUnitsPerMajor(currency);
      built.push({
        customer,
        searchText: `${customer.name}\u0000${customer.email}`.toLowerCase(),
        valueForSorting: value,
      });
    }
    rows = built;
    rowsCache.set(customers, rows);
  }
  return rows;
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
  (a.customer.customerId < b.customer.customerId ? -1 : 1);

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
 * A sorted copy. Ties fall back to the name, A→Z, in both directions; customers who never ordered
 * come last when sorting by last order, whichever the direction.
 */
export function sortRows(
  rows: readonly CustomerRow[],
  key: CustomerSortKey,
  direction: SortDirection,
): CustomerRow[] {
  const compare = comparators[key];
  const sign = direction === 'ascending' ? 1 : -1;
  return rows.slice().sort((a, b) => {
    if (key === 'lastOrder') {
      const missing =
        Number(a.customer.lastOrderAt === undefined) - Number(b.customer.lastOrderAt === undefined);
      if (missing !== 0) return missing;
    }
    return sign * compare(a, b) || byName(a, b);
  });
}
