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

/** A row with the collation ranks of its name and email (see `CollationRanks`). */
interface RankedRow extends CustomerRow {
  nameRank: number;
  emailRank: number;
  /** The version of the ranks the two ranks come from. */
  ranksVersion: number;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The collation order of the strings seen so far, as numbers: comparing through the collator
 * (ICU) is slow enough that sorting tens of thousands of customers by name took ~80 ms per moment
 * on the timeline. Strings the collator finds equal get equal ranks. A few new strings get a rank
 * between their neighbours' (a binary search, no renumbering); very many at once, or no room left
 * between two ranks, renumber them all with one collator sort, which bumps the version.
 */
class CollationRanks {
  private sorted: string[] = [];
  private ranks = new Map<string, number>();
  version = 0;

  /** Gives every string a rank; true if that renumbered the ranks. */
  cover(strings: Iterable<string>): boolean {
    const unseen = new Set<string>();
    for (const text of strings) if (!this.ranks.has(text)) unseen.add(text);
    if (unseen.size === 0) return false;
    // A binary search each costs a few collator calls; a renumbering sorts every string.
    if (unseen.size > Math.max(64, this.sorted.length / 4)) return this.renumber(unseen);
    for (const text of unseen) if (!this.insert(text)) return this.renumber(unseen);
    return false;
  }

  /** The string's rank; NaN for one not covered yet. */
  rank(text: string): number {
    return this.ranks.get(text) ?? Number.NaN;
  }

  /** Places one new string between its neighbours; false if there is no room between them. */
  private insert(text: string): boolean {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (collator.compare(this.sorted[middle] ?? '', text) <= 0) low = middle + 1;
      else high = middle;
    }
    const before = this.sorted[low - 1];
    const after = this.sorted[low];
    const rankBefore = before === undefined ? -1 : this.rank(before);
    let rank: number;
    if (before !== undefined && collator.compare(before, text) === 0) rank = rankBefore;
    else {
      const rankAfter = after === undefined ? rankBefore + 2 : this.rank(after);
      rank = (rankBefore + rankAfter) / 2;
      if (rank <= rankBefore || rank >= rankAfter) return false;
    }
    this.sorted.splice(low, 0, text);
    this.ranks.set(text, rank);
    return true;
  }

  private renumber(unseen: ReadonlySet<string>): true {
    const all = [...this.ranks.keys()].filter((text) => !unseen.has(text));
    all.push(...unseen);
    all.sort(collator.compare);
    const ranks = new Map<string, number>();
    let rank = 0;
    all.forEach((text, index) => {
      if (index > 0 && collator.compare(all[index - 1] ?? '', text) !== 0) rank = index;
      ranks.set(text, rank);
    });
    this.sorted = all;
    this.ranks = ranks;
    this.version++;
    return true;
  }
}

const nameRanks = new CollationRanks();
const emailRanks = new CollationRanks();

/** Changes whenever either ranking is renumbered (both versions only grow). */
const ranksVersion = (): number => nameRanks.version + emailRanks.version;

// Views are replaced, never edited, when they change: a view's row never goes stale (its ranks
// are brought up to date when the ranks are renumbered).
const rowOfView = new WeakMap<CustomerView, RankedRow>();

function rowOf(customer: CustomerView): RankedRow {
  let row = rowOfView.get(customer);
  if (row === undefined) {
    let value = 0;
    for (const [currency, amount] of Object.entries(customer.lifetimeValue))
      value += amount / minorUnitsPerMajor(currency);
    row = {
      customer,
      searchText: `${customer.name}\u0000${customer.email}`.toLowerCase(),
      valueForSorting: value,
      nameRank: Number.NaN,
      emailRank: Number.NaN,
      ranksVersion: -1,
    };
    rowOfView.set(customer, row);
  }
  // An email is ranked only once a sort by email covers it; its rank is kept until renumbered.
  if (row.ranksVersion !== ranksVersion() || Number.isNaN(row.emailRank)) {
    row.nameRank = nameRanks.rank(customer.name);
    row.emailRank = emailRanks.rank(customer.email);
    row.ranksVersion = ranksVersion();
  }
  return row;
}

/** The rows whose name or email contains `search`, ignoring case and surrounding spaces. */
export function filterRows(rows: readonly CustomerRow[], search: string): readonly CustomerRow[] {
  const needle = search.trim().toLowerCase();
  if (needle === '') return rows;
  return rows.filter((row) => row.searchText.includes(needle));
}

type Compare = (a: RankedRow, b: RankedRow) => number;

const byName: Compare = (a, b) =>
  a.nameRank - b.nameRank ||
  (a.customer.customerId < b.customer.customerId
    ? -1
    : a.customer.customerId > b.customer.customerId
      ? 1
      : 0);

const comparators: Record<CustomerSortKey, Compare> = {
  name: byName,
  email: (a, b) => a.emailRank - b.emailRank,
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

function* textsOf(
  customers: IMap<string, CustomerView>,
  field: 'name' | 'email',
): Generator<string> {
  for (const customer of customers.values()) yield customer[field];
}

type Order = `${CustomerSortKey} ${SortDirection}`;
type Sorted = SortedEntries<CustomerView, RankedRow>;

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
    // Names break ties whatever the key; emails are ranked only when sorting by them. Renumbered
    // ranks make the last sortings' rows incomparable with new ones: start afresh.
    const renumbered = nameRanks.cover(textsOf(customers, 'name'));
    if ((key === 'email' && emailRanks.cover(textsOf(customers, 'email'))) || renumbered)
      lastSorted.clear();
    const sorted = sortEntries(
      customers,
      {
        rowOf,
        entryOf: (row) => row.customer,
        keyOf: (customer) => customer.customerId,
        compare: comparator(key, direction),
      },
      lastSorted.get(order),
    );
    lastSorted.set(order, sorted);
    rows = sorted.rows;
    byOrder.set(order, rows);
  }
  return rows;
}
