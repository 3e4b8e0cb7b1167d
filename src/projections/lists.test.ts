import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoHistory, toStoredEvents } from '../demo/generator';
import type { DomainEvent } from '../domain/events';
import { orderStatuses } from '../domain/order';
import { textCollator as collator } from './collation';
import { DeskModel } from './deskModel';
import {
  DeskView,
  type CustomerSortKey,
  type CustomerView,
  type OrderSortKey,
  type OrderView,
  type SortDirection,
  type StatusFilter,
} from './deskView';
import { minorUnitsPerMajor } from '../lib/format';
import { deskAfter, modelAfter, ordersByPlacing, storeAll } from './testing';

const events = toStoredEvents(
  generateDemoHistory({
    seed: 3,
    events: 1500,
    end: new Date('2026-06-01T00:00:00.000Z'),
    source: 'urn:uuid:lists-test',
  }),
);

/**
 * Checks lists at moments a user could reach in any order, on one model that meanwhile grows a
 * hundred events at a time (as the desk's does while the log is read): what it keeps of earlier
 * reads must stay true.
 */
function alongTheTimeline<Q>(
  queries: fc.Arbitrary<Q>,
  check: (view: DeskView, query: Q) => void,
  numRuns: number,
): void {
  const model = new DeskModel();
  let folded = 0;
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.boolean(), fc.nat(), queries), { minLength: 1, maxLength: 20 }),
      (steps) => {
        for (const [fold, moment, query] of steps) {
          if (fold) {
            folded = Math.min(events.length, folded + 100);
            model.apply(events.slice(0, folded));
          }
          check(new DeskView(model, moment % (model.head + 1)), query);
        }
      },
    ),
    { numRuns },
  );
  expect(model.head).toBeGreaterThan(0);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The reference orders list: a plain filter and sort of every order of the moment. */
function expectedOrders(view: DeskView, { status, search, key, direction }: OrderQuery): string[] {
  const needle = search.trim().toLowerCase();
  const placing = (order: OrderView) => order.history[0] ?? 0;
  const sign = direction === 'ascending' ? 1 : -1;
  return ordersByPlacing(view)
    .filter((order) => status === 'All' || order.status === status)
    .filter(
      (order) =>
        order.orderId.toLowerCase().includes(needle) ||
        order.customerName.toLowerCase().includes(needle),
    )
    .sort((a, b) => sign * ((key === 'total' ? a.total - b.total : 0) || placing(a) - placing(b)))
    .map((order) => order.orderId);
}

interface OrderQuery {
  status: StatusFilter;
  search: string;
  key: OrderSortKey;
  direction: SortDirection;
}

const listed = (view: DeskView, query: OrderQuery): string[] => {
  const rows = view.orders.rows(query);
  return Array.from({ length: rows.count }, (_, index) => rows.at(index)?.orderId ?? 'missing');
};

describe('the orders list at any moment', () => {
  it('is a plain filter and sort of every order then, whichever way the timeline moves', () => {
    alongTheTimeline(
      fc.record({
        status: fc.constantFrom<StatusFilter>('All', ...orderStatuses),
        search: fc.constantFrom('', 'o-1', ' A ', 'ZZZ', 'an'),
        key: fc.constantFrom<OrderSortKey>('placedAt', 'total'),
        direction: fc.constantFrom<SortDirection>('ascending', 'descending'),
      }),
      (view, query) => {
        expect(listed(view, query)).toEqual(expectedOrders(view, query));
      },
      40,
    );
  });

  it('gives nothing outside its rows', () => {
    const view = new DeskView(modelAfter(events), events.length);
    const rows = view.orders.rows({
      status: 'Paid',
      search: '',
      key: 'total',
      direction: 'descending',
    });
    expect(rows.count).toBeGreaterThan(0);
    expect(rows.at(-1)).toBeUndefined();
    expect(rows.at(rows.count)).toBeUndefined();
  });
});

type Compare = (a: CustomerView, b: CustomerView) => number;
const byId: Compare = (a, b) => byText(a.customerId, b.customerId);
const byName: Compare = (a, b) => collator.compare(a.name, b.name) || byId(a, b);
const value = (customer: CustomerView) =>
  Object.entries(customer.lifetimeValue).reduce(
    (sum, [currency, amount]) => sum + amount / minorUnitsPerMajor(currency),
    0,
  );
const primary: Record<CustomerSortKey, Compare> = {
  name: byName,
  email: (a, b) => collator.compare(a.email, b.email),
  orders: (a, b) => a.orderCount - b.orderCount,
  lifetimeValue: (a, b) => value(a) - value(b),
  lastOrder: (a, b) => byText(a.lastOrderAt ?? '', b.lastOrderAt ?? ''),
};

interface CustomerQuery {
  key: CustomerSortKey;
  direction: SortDirection;
  search: string;
  limit: number;
}

/**
 * The reference customers list: a plain filter and sort of every customer of the moment, ties
 * by name (A→Z) then id, customers who never ordered last by last order.
 */
function expectedCustomers(view: DeskView, { key, direction, search }: CustomerQuery): string[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const needle = search.trim().toLowerCase();
  const missing = (customer: CustomerView) =>
    key === 'lastOrder' && customer.lastOrderAt === undefined ? 1 : 0;
  return view.customers
    .directory()
    .map(({ customerId }) => view.customers.get(customerId))
    .filter((customer): customer is CustomerView => customer !== undefined)
    .filter(
      (customer) =>
        customer.name.toLowerCase().includes(needle) ||
        customer.email.toLowerCase().includes(needle),
    )
    .sort((a, b) => missing(a) - missing(b) || sign * primary[key](a, b) || byName(a, b))
    .map((customer) => customer.customerId);
}

describe('the first customers at any moment', () => {
  it('are the first of a plain filter and sort, whichever way the timeline moves', () => {
    alongTheTimeline(
      fc.record({
        key: fc.constantFrom<CustomerSortKey>(
          'name',
          'email',
          'orders',
          'lifetimeValue',
          'lastOrder',
        ),
        direction: fc.constantFrom<SortDirection>('ascending', 'descending'),
        search: fc.constantFrom('', 'a', ' AN ', 'example', 'zzz'),
        limit: fc.constantFrom(0, 1, 7, 100, 1000),
      }),
      (view, query) => {
        const all = expectedCustomers(view, query);
        const first = view.customers.first(query);
        expect(first.customers.map((customer) => customer.customerId)).toEqual(
          all.slice(0, query.limit),
        );
        expect(first.matching).toBe(all.length);
      },
      25,
    );
  });
});

const register = (customerId: string, name: string): DomainEvent => ({
  type: 'CustomerRegistered',
  data: { customer_id: customerId, name, email: `${customerId}@example.com` },
});

/** Names and ids of the first customers by name. */
const names = (view: DeskView, direction: SortDirection, limit = 100) =>
  view.customers
    .first({ key: 'name', direction, search: '', limit })
    .customers.map((customer) => `${customer.name} ${customer.customerId}`);

describe('customers by name', () => {
  it('follow the collator: case and accents aside, ties by id; new names find their place', () => {
    const model = modelAfter(
      storeAll([
        register('c-4', 'Zoë'),
        register('c-3', 'émile'),
        register('c-2', 'anna'),
        register('c-1', 'Anna'),
        register('c-5', 'Emile'),
        register('c-6', 'item 10'),
        register('c-7', 'item 9'),
      ]),
    );
    expect(names(new DeskView(model, model.head), 'ascending')).toEqual([
      'Anna c-1',
      'anna c-2',
      'émile c-3',
      'Emile c-5',
      'item 9 c-7',
      'item 10 c-6',
      'Zoë c-4',
    ]);
    // A name never seen before takes a rank between its neighbours'; the others keep theirs. By
    // name, descending is the exact reverse, ties included.
    model.apply(storeAll([register('c-8', 'Bea')], { firstPosition: 8 }));
    expect(names(new DeskView(model, model.head), 'descending')).toEqual([
      'Zoë c-4',
      'item 10 c-6',
      'item 9 c-7',
      'Emile c-5',
      'émile c-3',
      'Bea c-8',
      'anna c-2',
      'Anna c-1',
    ]);
    // The directory (the order form's list) has the same order.
    expect(
      new DeskView(model, model.head).customers.directory().map((entry) => entry.customerId),
    ).toEqual(['c-1', 'c-2', 'c-8', 'c-3', 'c-5', 'c-7', 'c-6', 'c-4']);
  });

  it('keep their order when new names run out of room between two ranks', () => {
    // Each new name falls between "a" and the one before it, halving the gap between their
    // ranks, until no number lies between them and the ranks are numbered again.
    const model = modelAfter(
      storeAll([register('r-0', '0'), register('r-a', 'a'), register('r-b', 'b')]),
    );
    for (let i = 1; i <= 70; i++) {
      model.apply(
        storeAll([register(`r-${i}`, `a ${1000 - i}`)], { firstPosition: model.head + 1 }),
      );
      const view = new DeskView(model, model.head);
      const query = { key: 'name', direction: 'ascending', search: '', limit: 5 } as const;
      expect(view.customers.first(query).customers.map((customer) => customer.customerId)).toEqual(
        expectedCustomers(view, query).slice(0, 5),
      );
    }
  });
});

describe('searching orders for the customer name they show', () => {
  it('finds an order by the customer name shown on it', () => {
    const view = deskAfter(
      storeAll([
        {
          type: 'OrderPlaced',
          data: { order_id: 'o-1', customer_id: 'c-ghost', currency: 'EUR', items: [], total: 5 },
        },
      ]),
    );
    expect(view.orders.get('o-1')?.customerName).toBe('c-ghost');
    const found = view.orders.rows({
      status: 'All',
      search: 'ghost',
      key: 'placedAt',
      direction: 'ascending',
    });
    expect(found.count).toBe(1);
  });
});
