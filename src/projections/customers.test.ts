import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { textCollator } from './collation';
import { DeskModel } from './deskModel';
import { DeskView, type CustomerView } from './deskView';
import { deskAfter, modelAfter, storeAll } from './testing';

const register = (id: string, name: string, shipping_address?: string): DomainEvent => ({
  type: 'CustomerRegistered',
  data: {
    customer_id: id,
    name,
    email: `${id}@example.com`,
    ...(shipping_address === undefined ? {} : { shipping_address }),
  },
});
const place = (
  orderId: string,
  customerId: string,
  total: number,
  currency = 'EUR',
): DomainEvent => ({
  type: 'OrderPlaced',
  data: {
    order_id: orderId,
    customer_id: customerId,
    currency,
    items: [{ product_id: 'p', name: 'P', quantity: 1, unit_price: total }],
    total,
  },
});
const pay = (orderId: string, amount: number): DomainEvent => ({
  type: 'PaymentProcessed',
  data: { order_id: orderId, payment_id: `pay-${orderId}`, amount, method: 'card' },
});
const refund = (orderId: string, amount: number): DomainEvent => ({
  type: 'PaymentRefunded',
  data: { order_id: orderId, payment_id: `pay-${orderId}`, amount, reason: 'Returned' },
});

/** Given these events (stored one minute apart from 09:00), the desk after them. */
const given = (events: readonly DomainEvent[]): DeskView => deskAfter(storeAll(events));

const customer = (desk: DeskView, id = 'c1'): CustomerView => {
  const found = desk.customers.get(id);
  if (found === undefined) throw new Error(`no customer ${id}`);
  return found;
};

/** The customers list by name, A→Z, as names and ids. */
const byName = (desk: DeskView, limit = 10): { name: string; customerId: string }[] =>
  desk.customers
    .first({ key: 'name', direction: 'ascending', search: '', limit })
    .customers.map(({ name, customerId }) => ({ name, customerId }));

const ada: CustomerView = {
  customerId: 'c1',
  name: 'Ada Lovelace',
  email: 'c1@example.com',
  shippingAddress: '1 Analytical Way',
  registeredAt: '2025-03-01T09:00:00.000Z',
  orderCount: 0,
  lifetimeValue: {},
  paid: {},
  refunded: {},
  lastOrderAt: undefined,
  history: [1],
  version: 1,
};

describe('no events', () => {
  it('has no customers', () => {
    const desk = given([]);
    expect(desk.customers.count).toBe(0);
    expect(desk.customers.get('c1')).toBeUndefined();
    expect(byName(desk)).toEqual([]);
    expect(desk.customers.directory()).toEqual([]);
  });
});

describe('a registered customer', () => {
  it('shows the registration', () => {
    const desk = given([register('c1', 'Ada Lovelace', '1 Analytical Way')]);
    expect(customer(desk)).toStrictEqual(ada);
    expect(byName(desk)).toEqual([{ name: 'Ada Lovelace', customerId: 'c1' }]);
  });

  it('without an address has none', () => {
    expect(customer(given([register('c1', 'Ada Lovelace')])).shippingAddress).toBeUndefined();
  });

  it('is not registered twice', () => {
    const desk = given([
      register('c1', 'Ada Lovelace', '1 Analytical Way'),
      register('c1', 'Impostor'),
    ]);
    expect(customer(desk)).toStrictEqual(ada);
    expect(desk.customers.count).toBe(1);
    expect(byName(desk)).toEqual([{ name: 'Ada Lovelace', customerId: 'c1' }]);
  });
});

describe('a customer who changed details', () => {
  it('shows only the changed fields changed', () => {
    const desk = given([
      register('c1', 'Ada Lovelace', '1 Analytical Way'),
      { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', email: 'ada@example.org' } },
    ]);
    expect(customer(desk)).toStrictEqual({
      ...ada,
      email: 'ada@example.org',
      history: [1, 2],
      version: 2,
    });
  });

  it('with an empty address has none any more', () => {
    const desk = given([
      register('c1', 'Ada Lovelace', '1 Analytical Way'),
      { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', shipping_address: '' } },
    ]);
    expect(customer(desk).shippingAddress).toBeUndefined();
  });

  it('of an unknown customer changes nothing', () => {
    const model = modelAfter(
      storeAll([
        register('c1', 'Ada Lovelace'),
        { type: 'CustomerDetailsChanged', data: { customer_id: 'c9', name: 'Nobody' } },
      ]),
    );
    const before = new DeskView(model, 1);
    const after = new DeskView(model, 2);
    expect(after.customers.get('c9')).toBeUndefined();
    expect(after.customers.count).toBe(1);
    expect(customer(after)).toStrictEqual(customer(before));
    expect(byName(after)).toEqual(byName(before));
  });
});

describe('a customer with orders', () => {
  const desk = given([
    register('c1', 'Ada Lovelace', '1 Analytical Way'),
    register('c2', 'Grace Hopper'),
    place('o1', 'c1', 1000),
    pay('o1', 1000),
    place('o2', 'c1', 250, 'USD'),
    pay('o2', 250),
    place('o3', 'c1', 4000),
    place('o4', 'c2', 700),
  ]);

  it('counts every order placed, paid or not', () => {
    expect(customer(desk).orderCount).toBe(3);
    expect(customer(desk, 'c2').orderCount).toBe(1);
  });

  it('knows the last order’s time', () => {
    expect(customer(desk).lastOrderAt).toBe('2025-03-01T09:06:00.000Z');
  });

  it('has a lifetime value per currency of what was paid', () => {
    expect(customer(desk).lifetimeValue).toStrictEqual({ EUR: 1000, USD: 250 });
    expect(customer(desk, 'c2').lifetimeValue).toStrictEqual({});
  });

  it('keeps its own history to the customer stream', () => {
    expect(customer(desk).history).toEqual([1]);
    expect(customer(desk).version).toBe(1);
  });
});

describe('a customer with a refunded order', () => {
  it('has paid minus refunded as lifetime value, 0 listed once used', () => {
    const desk = given([
      register('c1', 'Ada Lovelace'),
      place('o1', 'c1', 1000),
      pay('o1', 1000),
      place('o2', 'c1', 300),
      pay('o2', 300),
      refund('o1', 1000),
      place('o3', 'c1', 50, 'USD'),
      pay('o3', 50),
      refund('o3', 50),
    ]);
    expect(customer(desk).lifetimeValue).toStrictEqual({ EUR: 300, USD: 0 });
    expect(customer(desk).paid).toStrictEqual({ EUR: 1300, USD: 50 });
    expect(customer(desk).refunded).toStrictEqual({ EUR: 1000, USD: 50 });
  });
});

describe('many customers named in one batch', () => {
  // Names shared, names the collator finds equal but are not the same string, and renames both
  // of customers from an earlier batch and of ones registered in the same batch. The second
  // batch names more customers than the index held: the index is built whole.
  const names = ['Anna', 'anna', 'Émile', 'Emile', 'Zoë', 'item 10', 'item 9', 'Bea'];
  const registrations = (from: number, count: number) =>
    Array.from({ length: count }, (_, offset) =>
      register(`c${from + offset}`, names[(from + offset) % names.length] ?? 'Nobody'),
    );
  const rename = (customerId: string, name: string): DomainEvent => ({
    type: 'CustomerDetailsChanged',
    data: { customer_id: customerId, name },
  });

  it('are listed by name as a plain sort lists them, however the events were folded', () => {
    const events = storeAll([
      ...registrations(0, 30),
      ...registrations(30, 150),
      rename('c3', 'Aaron'),
      rename('c40', 'Zed'),
      rename('c5', 'anna'),
      rename('c41', 'Émile'),
      rename('c3', 'aaron'),
    ]);
    const atOnce = deskAfter(events);
    // Listed after the first batch, so that the second batch's names are ranked among them.
    const twoBatches = modelAfter(events.slice(0, 30));
    expect(byName(new DeskView(twoBatches, 30), 200)).toHaveLength(30);
    twoBatches.apply(events.slice(30));
    const oneByOne = new DeskModel();
    for (const event of events) {
      oneByOne.apply([event]);
      byName(new DeskView(oneByOne, oneByOne.head), 3);
    }
    const reference = Array.from({ length: 180 }, (_, index) => customer(atOnce, `c${index}`))
      .map(({ name, customerId }) => ({ name, customerId }))
      .sort(
        (a, b) =>
          textCollator.compare(a.name, b.name) ||
          (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
      );
    expect(atOnce.customers.count).toBe(180);
    expect(byName(atOnce, 200)).toStrictEqual(reference);
    expect(byName(new DeskView(twoBatches, twoBatches.head), 200)).toStrictEqual(reference);
    expect(byName(new DeskView(oneByOne, oneByOne.head), 200)).toStrictEqual(reference);
  });
});

describe('a moment', () => {
  it('answers the same after more events are folded', () => {
    const events = storeAll([
      register('c1', 'Ada Lovelace'),
      place('o1', 'c1', 1000),
      pay('o1', 1000),
      refund('o1', 1000),
    ]);
    const model = modelAfter(events.slice(0, 2));
    const desk = new DeskView(model, model.head);
    const before = customer(desk);
    model.apply(events.slice(2));
    expect(customer(desk)).toStrictEqual(before);
    expect(customer(new DeskView(model, 2))).toStrictEqual(before);
    expect(before.lifetimeValue).toStrictEqual({});
    expect(customer(new DeskView(model, 3)).lifetimeValue).toStrictEqual({ EUR: 1000 });
    expect(customer(new DeskView(model, model.head)).lifetimeValue).toStrictEqual({ EUR: 0 });
  });

  it('shows the orders with the name the customer had then', () => {
    const model = modelAfter(
      storeAll([
        register('c1', 'Ada Lovelace'),
        place('o1', 'c1', 1000),
        { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', name: 'Ada King' } },
      ]),
    );
    expect(new DeskView(model, 2).orders.get('o1')?.customerName).toBe('Ada Lovelace');
    expect(new DeskView(model, 3).orders.get('o1')?.customerName).toBe('Ada King');
    expect(customer(new DeskView(model, 2)).name).toBe('Ada Lovelace');
  });
});
