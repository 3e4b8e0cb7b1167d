import {
  collationRanks,
  minorUnitsPerMajor,
  partitionPoint,
  textCollator as collator,
  type CustomerView,
  type CustomersState,
} from '../../projections';
import type { CustomerSortKey, SortDirection } from './customersUi';

/**
 * The collation order of the strings seen so far, as numbers: comparing through the collator
 * (ICU) is slow enough that sorting tens of thousands of customers by name took ~80 ms per moment
 * on the timeline. Strings the collator finds equal get equal ranks. A few new strings get a rank
 * between their neighbours' (a binary search, no renumbering); very many at once, or no room left
 * between two ranks, renumber them all with one collator sort. Ranks are only ever compared
 * with each other, so a renumbering changes no order.
 */
class CollationRanks {
  private sorted: string[] = [];
  private ranks = new Map<string, number>();

  /** Gives a rank to each of `unseen`, strings without one. */
  cover(unseen: ReadonlySet<string>): void {
    if (unseen.size === 0) return;
    // A binary search each costs a few collator calls; a renumbering sorts every string.
    if (unseen.size > Math.max(64, this.sorted.length / 4)) {
      this.renumber(unseen);
      return;
    }
    for (const text of unseen)
      if (!this.insert(text)) {
        this.renumber(unseen);
        return;
      }
  }

  /** The string's rank; NaN for one not covered yet. */
  rank(text: string): number {
    return this.ranks.get(text) ?? Number.NaN;
  }

  /** Places one new string between its neighbours; false if there is no room between them. */
  private insert(text: string): boolean {
    const low = partitionPoint(
      this.sorted.length,
      (index) => collator.compare(this.sorted[index] ?? '', text) <= 0,
    );
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

  private renumber(unseen: ReadonlySet<string>): void {
    const { sorted, ranks } = collationRanks([...this.ranks.keys(), ...unseen]);
    this.sorted = sorted;
    this.ranks = ranks;
  }
}

const nameRanks = new CollationRanks();
const emailRanks = new CollationRanks();

/** What searching and sorting read of a customer besides its fields, computed once per view. */
interface Facts {
  /** Name and email, lower-cased, for a case-insensitive search. */
  readonly searchText: string;
  /**
   * The lifetime value as one number for sorting: the sum of the per-currency amounts in major
   * units. Exact for the usual single-currency customer; a rough order across currencies.
   */
  readonly value: number;
  /** The last order's time in milliseconds; NaN before the first order. */
  readonly lastOrder: number;
}

// Views are replaced, never edited, when they change: a view's facts never go stale.
const factsOfView = new WeakMap<CustomerView, Facts>();

function factsOf(customer: CustomerView): Facts {
  let facts = factsOfView.get(customer);
  if (facts === undefined) {
    let value = 0;
    for (const [currency, amount] of Object.entries(customer.lifetimeValue))
      value += amount / minorUnitsPerMajor(currency);
    facts = {
      searchText: `${customer.name}\u0000${customer.email}`.toLowerCase(),
      value,
      lastOrder: customer.lastOrderAt === undefined ? Number.NaN : Date.parse(customer.lastOrderAt),
    };
    factsOfView.set(customer, facts);
  }
  return facts;
}

/**
 * Arrays every selection reuses. A scan of 38,000 customers would otherwise allocate ~1 MB at
 * each moment on the timeline, and allocation brings on the young generation's collections,
 * which take 10–25 ms with a million events' checkpoints in the heap.
 */
const scratch = {
  views: [] as CustomerView[],
  names: new Float64Array(0),
  emails: new Float64Array(0),
  primary: new Float64Array(0),
};

/** `array` if it holds `length` numbers, else a larger one. */
const atLeast = (array: Float64Array<ArrayBuffer>, length: number): Float64Array<ArrayBuffer> =>
  array.length >= length ? array : new Float64Array(Math.max(length, array.length * 2));

/**
 * Writes the ranks of a field of the customers into `ranksOut`, giving one first to each value
 * that has none.
 */
function rankInto(
  ranks: CollationRanks,
  views: readonly CustomerView[],
  field: 'name' | 'email',
  ranksOut: Float64Array,
): void {
  const unseen = new Set<string>();
  for (let index = 0; index < views.length; index++) {
    const text = (views[index] as CustomerView)[field];
    const rank = ranks.rank(text);
    if (Number.isNaN(rank)) unseen.add(text);
    ranksOut[index] = rank;
  }
  if (unseen.size === 0) return;
  // A renumbering changes every rank.
  ranks.cover(unseen);
  for (let index = 0; index < views.length; index++)
    ranksOut[index] = ranks.rank((views[index] as CustomerView)[field]);
}

/** What the other keys sort by first, as a number: smaller first when ascending. */
const primaries: Record<
  Exclude<CustomerSortKey, 'name' | 'email'>,
  (customer: CustomerView) => number
> = {
  orders: (customer) => customer.orderCount,
  lifetimeValue: (customer) => factsOf(customer).value,
  lastOrder: (customer) => factsOf(customer).lastOrder,
};

export interface CustomerSelection {
  /** The first `limit` customers that match, in order. */
  readonly customers: readonly CustomerView[];
  /** How many customers match. */
  readonly matching: number;
}

/**
 * The first `limit` customers whose name or email contains `search` (ignoring case and
 * surrounding spaces), sorted, and how many match. Ties fall back to the name, A→Z, in both
 * directions, then the id (by name, descending is the exact reverse); customers who never ordered
 * come last by last order, whichever the direction.
 *
 * By name with no search, the usual view, the first are a walk down the name index. Otherwise one
 * pass over the customers keeps the best `limit` so far, comparing numbers: the list shows a page,
 * and sorting every customer at each moment of the timeline cost 20–90 ms at 38,000 customers.
 */
export function firstCustomers(
  { customers, byName }: Pick<CustomersState, 'customers' | 'byName'>,
  {
    key,
    direction,
    search,
    limit,
  }: { key: CustomerSortKey; direction: SortDirection; search: string; limit: number },
): CustomerSelection {
  const needle = search.trim().toLowerCase();
  if (key === 'name' && needle === '')
    return {
      customers: byName
        .first(limit, direction)
        .flatMap(({ customerId }) => customers.get(customerId) ?? []),
      matching: customers.size,
    };
  const views = scratch.views;
  views.length = 0;
  customers.forEach((customer) => {
    if (needle === '' || factsOf(customer).searchText.includes(needle)) views.push(customer);
  });

  const sign = direction === 'ascending' ? 1 : -1;
  const names = (scratch.names = atLeast(scratch.names, views.length));
  rankInto(nameRanks, views, 'name', names);
  const emails = (scratch.emails = atLeast(scratch.emails, key === 'email' ? views.length : 0));
  if (key === 'email') rankInto(emailRanks, views, 'email', emails);
  const primary = (scratch.primary = atLeast(scratch.primary, views.length));
  for (let index = 0; index < views.length; index++) {
    const value =
      key === 'name'
        ? names[index]
        : key === 'email'
          ? emails[index]
          : primaries[key](views[index] as CustomerView);
    // NaN: no last order, last either way.
    primary[index] =
      value === undefined || Number.isNaN(value) ? Number.POSITIVE_INFINITY : sign * value;
  }
  const idSign = key === 'name' ? sign : 1;
  // Infinity − Infinity is NaN, which falls through to the next comparison like 0.
  const compare = (a: number, b: number): number => {
    const first = views[a] as CustomerView;
    const second = views[b] as CustomerView;
    return (
      (primary[a] as number) - (primary[b] as number) ||
      (names[a] as number) - (names[b] as number) ||
      idSign *
        (first.customerId < second.customerId ? -1 : first.customerId > second.customerId ? 1 : 0)
    );
  };

  // Indexes into views, in order. Keeping the best few costs customers × limit at worst: when
  // many are shown (`Show more` again and again), sorting them all costs less.
  if (limit * 8 >= views.length) {
    const all = Array.from(views.keys()).sort(compare);
    return {
      customers: all.slice(0, limit).map((index) => views[index] as CustomerView),
      matching: views.length,
    };
  }
  const best: number[] = [];
  for (let index = 0; index < views.length; index++) {
    const last = best[limit - 1];
    if (last !== undefined && compare(index, last) >= 0) continue;
    best.splice(
      partitionPoint(best.length, (at) => compare(best[at] as number, index) < 0),
      0,
      index,
    );
    if (best.length > limit) best.pop();
  }
  return { customers: best.map((index) => views[index] as CustomerView), matching: views.length };
}
