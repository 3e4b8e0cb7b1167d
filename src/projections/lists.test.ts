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

/** Texts to search for that the demo history holds, found in it: a tracking number, a total… */
const shipped = events.find((event) => event.type === 'OrderShipped');
const tracking = shipped?.type === 'OrderShipped' ? shipped.data.tracking_number : 'none';
const placedTotals = events.flatMap((event) =>
  event.type === 'OrderPlaced' ? [event.data.total] : [],
);
const aTotal = (placedTotals[7] ?? 0) / 100;
/** When orders were placed: a range that starts or ends at one tests the bound's side. */
const placingTimes = events.flatMap((event) =>
  event.type === 'OrderPlaced' ? [Date.parse(event.time)] : [],
);

/** Whether `needle` names the amount `total` (minor units) of `currency` (the oracle's reading). */
function namesAmount(needle: string, total: number, currency: string): boolean {
  const text = needle
    .replace(/\p{Sc}/gu, '')
    .trim()
    .replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return false;
  const scale = minorUnitsPerMajor(currency);
  const digits = Math.round(Math.log10(scale));
  const fraction = text.split('.')[1] ?? '';
  if (fraction.slice(digits).replace(/0/g, '') !== '') return false;
  return Math.round(Number(text) * scale) === total;
}

/** The reference orders list: a plain filter and sort of every order of the moment. */
function expectedOrders(
  view: DeskView,
  { status, search, key, direction, placedFrom, placedBefore }: OrderQuery,
): string[] {
  const needle = search.trim().toLowerCase();
  const placing = (order: OrderView) => order.history[0] ?? 0;
  const sign = direction === 'ascending' ? 1 : -1;
  const contact = (order: OrderView) => view.customers.get(order.customerId);
  const finds = (order: OrderView) =>
    [
      order.orderId,
      order.customerName,
      contact(order)?.email ?? '',
      order.shipment?.trackingNumber ?? '',
      ...order.lines.map((line) => line.name),
    ].some((text) => text.toLowerCase().includes(needle)) ||
    needle === String(order.number) ||
    needle === `#${order.number}` ||
    namesAmount(needle, order.total, order.currency);
  const primary: Record<OrderSortKey, (a: OrderView, b: OrderView) => number> = {
    placedAt: () => 0,
    total: (a, b) => a.total - b.total,
    // Customers with no name (an order of a customer never registered) come after the others.
    customer: (a, b) =>
      Number(contact(a) === undefined) - Number(contact(b) === undefined) ||
      collator.compare(a.customerName, b.customerName),
    status: (a, b) => orderStatuses.indexOf(a.status) - orderStatuses.indexOf(b.status),
  };
  return ordersByPlacing(view)
    .filter((order) => status === 'All' || order.status === status)
    .filter((order) => needle === '' || finds(order))
    .filter((order) => {
      const placed = Date.parse(order.placedAt);
      return placed >= (placedFrom ?? -Infinity) && placed < (placedBefore ?? Infinity);
    })
    .sort((a, b) => sign * (primary[key](a, b) || placing(a) - placing(b)))
    .map((order) => order.orderId);
}

interface OrderQuery {
  status: StatusFilter;
  search: string;
  key: OrderSortKey;
  direction: SortDirection;
  placedFrom?: number | undefined;
  placedBefore?: number | undefined;
}

const listed = (view: DeskView, query: OrderQuery): string[] => {
  const rows = view.orders.rows(query);
  return Array.from({ length: rows.count }, (_, index) => rows.at(index)?.orderId ?? 'missing');
};

/** Searches of every kind: ids, names, emails, products, a tracking number, amounts, numbers. */
const searches = fc.constantFrom(
  'o-1',
  ' A ',
  'ZZZ',
  'an',
  'example.org',
  'MUG',
  tracking,
  tracking.slice(2, 6),
  aTotal.toFixed(2),
  `€${aTotal.toFixed(2).replace('.', ',')}`,
  String(Math.floor(aTotal)),
  '24.9',
  '1001',
  '1010',
  '#1003',
  '#99',
);

/** A time an order was placed, or none. */
const aTime = fc.option(fc.constantFrom(...placingTimes), { nil: undefined });

describe('the orders list at any moment', () => {
  it('is a plain filter and sort of every order then, whichever way the timeline moves', () => {
    alongTheTimeline(
      fc.record({
        status: fc.oneof(
          { arbitrary: fc.constant<StatusFilter>('All'), weight: 3 },
          { arbitrary: fc.constantFrom(...orderStatuses), weight: 2 },
        ),
        search: fc.oneof(
          { arbitrary: fc.constant(''), weight: 3 },
          { arbitrary: searches, weight: 4 },
        ),
        key: fc.constantFrom<OrderSortKey>('placedAt', 'total', 'customer', 'status'),
        direction: fc.constantFrom<SortDirection>('ascending', 'descending'),
        placedFrom: aTime,
        placedBefore: aTime,
      }),
      (view, query) => {
        expect(listed(view, query)).toEqual(expectedOrders(view, query));
      },
      60,
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

  it('finds what the searches are about in the history', () => {
    // Else the property above would prove little: each search finds some order at the end.
    const view = new DeskView(modelAfter(events), events.length);
    for (const search of ['example.org', 'MUG', tracking, aTotal.toFixed(2), '#1003', '1010'])
      expect(
        view.orders.rows({ status: 'All', search, key: 'placedAt', direction: 'ascending' }).count,
        search,
      ).toBeGreaterThan(0);
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
        // Every row, as a download takes them.
        const rows = view.customers.rows(query);
        expect(
          Array.from({ length: rows.count }, (_, index) => rows.at(index)?.customerId),
        ).toEqual(all);
        expect(rows.at(rows.count)).toBeUndefined();
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

describe('searching orders', () => {
  const history = storeAll([
    {
      type: 'CustomerRegistered',
      data: {
        customer_id: 'c-1',
        name: 'Ada Lovelace',
        email: 'ada@old.example',
        shipping_address: '12 St James’s Square',
      },
    },
    {
      type: 'OrderPlaced',
      data: {
        order_id: 'o-eur',
        customer_id: 'c-1',
        currency: 'EUR',
        items: [{ product_id: 'mug', name: 'Ceramic mug', quantity: 2, unit_price: 1990 }],
        total: 3980,
      },
    },
    {
      type: 'OrderPlaced',
      data: {
        order_id: 'o-jpy',
        customer_id: 'c-1',
        currency: 'JPY',
        items: [{ product_id: 'tea', name: 'Green tea', quantity: 1, unit_price: 3980 }],
        total: 3980,
      },
    },
    { type: 'CustomerDetailsChanged', data: { customer_id: 'c-1', email: 'ada@new.example' } },
    {
      type: 'PaymentProcessed',
      data: { order_id: 'o-eur', payment_id: 'p-1', amount: 3980, method: 'card' },
    },
    {
      type: 'OrderShipped',
      data: { order_id: 'o-eur', carrier: 'DHL', tracking_number: 'JD0146' },
    },
  ]);
  const model = modelAfter(history);
  const found = (position: number, search: string) => {
    const rows = new DeskView(model, position).orders.rows({
      status: 'All',
      search,
      key: 'placedAt',
      direction: 'ascending',
    });
    return Array.from({ length: rows.count }, (_, index) => rows.at(index)?.orderId);
  };

  it('finds an order by its tracking number only once it is shipped', () => {
    expect(found(5, 'jd0146')).toEqual([]);
    expect(found(6, 'jd0146')).toEqual(['o-eur']);
    expect(found(6, '0146')).toEqual(['o-eur']);
  });

  it('finds orders by the email their customer had at the moment', () => {
    expect(found(3, 'old.example')).toEqual(['o-eur', 'o-jpy']);
    expect(found(3, 'new.example')).toEqual([]);
    expect(found(4, 'old.example')).toEqual([]);
    expect(found(4, 'NEW.example')).toEqual(['o-eur', 'o-jpy']);
  });

  it('finds an amount in each order’s own currency, however it is written', () => {
    for (const amount of ['39.80', '39,80', '€39.80', '39.8', '39.800', ' 39.80 € '])
      expect(found(3, amount), amount).toEqual(['o-eur']);
    expect(found(3, '39.805')).toEqual([]);
    // ¥3,980 has no minor unit.
    expect(found(3, '3980')).toEqual(['o-jpy']);
    expect(found(3, '3980.0')).toEqual(['o-jpy']);
  });

  it('gives the customer’s contact details at the moment', () => {
    expect(new DeskView(model, 0).customers.contactOf('c-1')).toBeUndefined();
    expect(new DeskView(model, 3).customers.contactOf('c-1')).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@old.example',
      shippingAddress: '12 St James’s Square',
    });
    expect(new DeskView(model, 4).customers.contactOf('c-1')?.email).toBe('ada@new.example');
  });

  it('finds orders by product name and by human number', () => {
    expect(found(3, 'green TEA')).toEqual(['o-jpy']);
    expect(found(3, '#1001')).toEqual(['o-eur']);
    expect(found(3, '1002')).toEqual(['o-jpy']);
    expect(found(2, '1002')).toEqual([]);
    expect(found(3, '#100')).toEqual([]);
  });

  it('finds nothing across two values', () => {
    // Order ids are searched as one text, one id a line: "eur" and "o-jpy" meet only across it.
    expect(found(3, 'eur\no-jpy')).toEqual([]);
    expect(found(3, 'eur o-jpy')).toEqual([]);
  });
});

describe('orders by customer', () => {
  it('go by the customer’s name then, in collation order, customers with none last', () => {
    const place = (orderId: string, customerId: string): DomainEvent => ({
      type: 'OrderPlaced',
      data: { order_id: orderId, customer_id: customerId, currency: 'EUR', items: [], total: 1 },
    });
    const model = modelAfter(
      storeAll([
        register('c-z', 'zoë'),
        register('c-a', 'Ada'),
        place('o-1', 'c-z'),
        place('o-2', 'c-ghost'),
        place('o-3', 'c-a'),
        place('o-4', 'c-z'),
        { type: 'CustomerDetailsChanged', data: { customer_id: 'c-a', name: 'Zuzana' } },
      ]),
    );
    const byCustomer = (position: number, direction: SortDirection) => {
      const rows = new DeskView(model, position).orders.rows({
        status: 'All',
        search: '',
        key: 'customer',
        direction,
      });
      return Array.from({ length: rows.count }, (_, index) => rows.at(index)?.orderId);
    };
    expect(byCustomer(6, 'ascending')).toEqual(['o-3', 'o-1', 'o-4', 'o-2']);
    expect(byCustomer(6, 'descending')).toEqual(['o-2', 'o-4', 'o-1', 'o-3']);
    // Ada became Zuzana: after zoë.
    expect(byCustomer(7, 'ascending')).toEqual(['o-1', 'o-4', 'o-3', 'o-2']);
  });
});
