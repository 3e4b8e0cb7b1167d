import type { Map as IMap } from 'immutable';
import type { OrdersState, OrderView } from '../../projections';
import { sortEntries, type SortedEntries } from '../lists/sortEntries';
import type { SortDirection, SortKey, StatusFilter } from './ordersUi';

type Orders = IMap<string, OrderView>;
type Compare = (a: OrderView, b: OrderView) => number;

/** Ties keep a stable order: by order id. */
const byId: Compare = (a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0);

/** The position of an order's OrderPlaced event: when it entered the log. */
const placingPosition = (order: OrderView): number => order.history[0] ?? 0;

/**
 * "Placed at" sorts by when the order entered the log (its placing event's position): the same
 * as by recorded time for one installation's clock, and it needs no sort at all (see
 * `placingOrderRows`). Ties cannot happen; byId keeps hand-made views total.
 */
const byPlacedAt: Compare = (a, b) => placingPosition(a) - placingPosition(b) || byId(a, b);

/** Total orders on every order, so that a descending list is the exact reverse of an ascending one. */
const ascending: Record<SortKey, Compare> = {
  placedAt: byPlacedAt,
  total: (a, b) => a.total - b.total || byPlacedAt(a, b),
};

interface Sorted {
  ascending?: readonly OrderView[];
  descending?: readonly OrderView[];
}

/** Per map and key: its sorted rows. Maps are immutable values, so a result never goes stale. */
const sortedByMap: Record<SortKey, WeakMap<Orders, Sorted>> = {
  placedAt: new WeakMap(),
  total: new WeakMap(),
};
/** Per key: the map sorted last, ascending, the base for sorting the next one incrementally. */
const lastSorted: Partial<Record<SortKey, SortedEntries<OrderView, OrderView>>> = {};

const itself = (order: OrderView): OrderView => order;
const orderIdOf = (order: OrderView): string => order.orderId;

/**
 * Every order, sorted. Memoized by the map's identity: the same state is sorted once, a state
 * that differs by a few orders is sorted incrementally from the previous one, and the other
 * direction is the reverse.
 */
export function sortOrders(
  orders: Orders,
  key: SortKey,
  direction: SortDirection,
): readonly OrderView[] {
  let entry = sortedByMap[key].get(orders);
  if (entry === undefined) {
    entry = {};
    sortedByMap[key].set(orders, entry);
  }
  const cached = entry[direction];
  if (cached) return cached;

  let rows: readonly OrderView[];
  const other = entry[direction === 'ascending' ? 'descending' : 'ascending'];
  if (other) rows = other.slice().reverse();
  else {
    const sorted = sortEntries(
      orders,
      { rowOf: itself, entryOf: itself, keyOf: orderIdOf, compare: ascending[key] },
      lastSorted[key],
    );
    lastSorted[key] = sorted;
    entry.ascending = sorted.rows;
    rows = direction === 'ascending' ? sorted.rows : sorted.rows.slice().reverse();
  }
  entry[direction] = rows;
  return rows;
}

// Views are replaced, never edited, when they change: a view's search text never goes stale.
const searchText = new WeakMap<OrderView, string>();

function haystack(order: OrderView): string {
  let text = searchText.get(order);
  if (text === undefined) {
    text = `${order.orderId}\u0000${order.customerName}`.toLocaleLowerCase();
    searchText.set(order, text);
  }
  return text;
}

/** The orders with the status (or all) whose id or customer name contains `search`. */
export function filterOrders(
  sorted: readonly OrderView[],
  status: StatusFilter,
  search: string,
): readonly OrderView[] {
  const needle = search.trim().toLocaleLowerCase();
  if (status === 'All' && needle === '') return sorted;
  return sorted.filter(
    (order) =>
      (status === 'All' || order.status === status) &&
      (needle === '' || haystack(order).includes(needle)),
  );
}

/** Rows the orders table can show: a count and the row at an index, read as they scroll in. */
export interface OrderRowSource {
  readonly count: number;
  readonly at: (index: number) => OrderView | undefined;
}

export const arrayRows = (rows: readonly OrderView[]): OrderRowSource => ({
  count: rows.length,
  at: (index) => rows[index],
});

/**
 * Every order by placing, read lazily from the projection's list of ids in placing order: no
 * sort and no copy, so a new moment on the timeline costs only the rows in view.
 */
export function placingOrderRows(state: OrdersState, direction: SortDirection): OrderRowSource {
  const count = state.orderIds.size;
  return {
    count,
    at: (index) => {
      const id = state.orderIds.get(direction === 'ascending' ? index : count - 1 - index);
      return id === undefined ? undefined : state.orders.get(id);
    },
  };
}
