import fc from 'fast-check';
import { Map as IMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import { orderStatuses } from '../../domain/order';
import type { OrderView } from '../../projections';
import { generateDemoHistory, toStoredEvents } from '../../demo/generator';
import { deskProjection } from '../../projections';
import { filterOrders, placingOrderRows, sortOrders } from './orderRows';
import type { SortDirection, SortKey } from './ordersUi';

const view = (orderId: string, minute: number, total: number, customerName = 'Ada'): OrderView => ({
  orderId,
  customerId: 'c-1',
  customerName,
  status: 'Placed',
  currency: 'EUR',
  total,
  itemCount: 1,
  lines: [],
  placedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  lastChangeAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  // The placing event's position; hand-made views may share one, real ones never do.
  history: [minute],
  version: 1,
});

const codePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The reference: a plain sort of every order. */
function expected(orders: IMap<string, OrderView>, key: SortKey, direction: SortDirection) {
  const sign = direction === 'ascending' ? 1 : -1;
  return Array.from(orders.values())
    .sort(
      (a, b) =>
        sign *
        ((key === 'total' ? a.total - b.total : 0) ||
          (a.history[0] ?? 0) - (b.history[0] ?? 0) ||
          codePoints(a.orderId, b.orderId)),
    )
    .map((order) => order.orderId);
}

const ids = (rows: readonly OrderView[]) => rows.map((row) => row.orderId);

describe('sorting orders', () => {
  it('sorts by time placed and by total, both ways, ties by id', () => {
    const orders = IMap([
      ['o-b', view('o-b', 5, 300)],
      ['o-a', view('o-a', 5, 100)],
      ['o-c', view('o-c', 1, 300)],
    ]);
    expect(ids(sortOrders(orders, 'placedAt', 'ascending'))).toEqual(['o-c', 'o-a', 'o-b']);
    expect(ids(sortOrders(orders, 'placedAt', 'descending'))).toEqual(['o-b', 'o-a', 'o-c']);
    expect(ids(sortOrders(orders, 'total', 'ascending'))).toEqual(['o-a', 'o-c', 'o-b']);
    expect(ids(sortOrders(orders, 'total', 'descending'))).toEqual(['o-b', 'o-c', 'o-a']);
    // Memoized by the map's identity.
    expect(sortOrders(orders, 'total', 'descending')).toBe(
      sortOrders(orders, 'total', 'descending'),
    );
  });

  it('gives the same rows as a full sort whatever way the map moves', () => {
    type Step =
      | { kind: 'add'; id: number; minute: number; total: number }
      | { kind: 'change'; pick: number; status: number }
      | { kind: 'back'; to: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        id: fc.integer({ min: 0, max: 400 }),
        minute: fc.integer({ min: 0, max: 50 }),
        total: fc.integer({ min: 0, max: 20 }),
      }),
      fc.record({
        kind: fc.constant('change' as const),
        pick: fc.nat(),
        status: fc.integer({ min: 0, max: 5 }),
      }),
      fc.record({ kind: fc.constant('back' as const), to: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.constantFrom<SortKey>('placedAt', 'total'),
        fc.constantFrom<SortDirection>('ascending', 'descending'),
        (steps, key, direction) => {
          // Every state the map went through, as the timeline could show them.
          const states = [IMap<string, OrderView>()];
          let orders = IMap<string, OrderView>();
          for (const s of steps) {
            if (s.kind === 'add') {
              const id = `o-${s.id}`;
              if (!orders.has(id)) orders = orders.set(id, view(id, s.minute, s.total));
            } else if (s.kind === 'change') {
              const keys = Array.from(orders.keys());
              const id = keys[s.pick % Math.max(keys.length, 1)];
              const order = id === undefined ? undefined : orders.get(id);
              if (id !== undefined && order)
                orders = orders.set(id, {
                  ...order,
                  status: orderStatuses[s.status] ?? 'Paid',
                });
            } else orders = states[s.to % states.length] ?? orders;
            states.push(orders);
            const rows = sortOrders(orders, key, direction);
            expect(ids(rows)).toEqual(expected(orders, key, direction));
            // The rows are the map's current views.
            for (const row of rows) expect(orders.get(row.orderId)).toBe(row);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('filtering orders', () => {
  const rows = [
    { ...view('o-1', 1, 1, 'Ada Lovelace'), status: 'Paid' as const },
    { ...view('o-2', 2, 2, 'Grace Hopper'), status: 'Placed' as const },
    { ...view('o-12', 3, 3, 'Alan Turing'), status: 'Paid' as const },
  ];

  it('keeps everything without filters', () => {
    expect(filterOrders(rows, 'All', '  ')).toBe(rows);
  });

  it('filters by status, by id or customer name (any case), and by both', () => {
    expect(ids(filterOrders(rows, 'Paid', ''))).toEqual(['o-1', 'o-12']);
    expect(ids(filterOrders(rows, 'All', 'HOPPER'))).toEqual(['o-2']);
    expect(ids(filterOrders(rows, 'All', 'o-1'))).toEqual(['o-1', 'o-12']);
    expect(ids(filterOrders(rows, 'Placed', 'o-1'))).toEqual([]);
  });
});

describe('orders by placing, read from the projection', () => {
  it('lists the same rows as sorting by time placed, both ways', () => {
    const events = toStoredEvents(
      generateDemoHistory({
        seed: 3,
        events: 1500,
        end: new Date('2026-06-01T00:00:00.000Z'),
        source: 'urn:uuid:rows-test',
      }),
    );
    const state = deskProjection.foldEvents(deskProjection.initialState, events).orders;
    for (const direction of ['ascending', 'descending'] as const) {
      const lazy = placingOrderRows(state, direction);
      const listed = Array.from({ length: lazy.count }, (_, index) => lazy.at(index)?.orderId);
      expect(listed).toEqual(ids(sortOrders(state.orders, 'placedAt', direction)));
    }
    expect(placingOrderRows(state, 'ascending').count).toBe(state.orders.size);
  });
});
