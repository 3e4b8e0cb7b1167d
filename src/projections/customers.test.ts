import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import type { CustomersState, CustomerView } from './customers';
import { textCollator } from './collation';
import { customersProjection } from './customers';
import { storeAll, toPlain } from './testing';

const { initialState, evolve, foldEvents } = customersProjection;

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

const given = (events: readonly DomainEvent[]): CustomersState =>
  storeAll(events).reduce(evolve, initialState);

const customer = (state: CustomersState, id = 'c1'): CustomerView => {
  const found = state.customers.get(id);
  if (found === undefined) throw new Error(`no customer ${id}`);
  return found;
};

const ada: CustomerView = {
  customerId: 'c1',
  name: 'Ada Lovelace',
  email: 'c1@example.com',
  shippingAddress: '1 Analytical Way',
  registeredAt: '2025-03-01T09:00:00.000Z',
  orderCount: 0,
  lifetimeValue: {},
  lastOrderAt: undefined,
  history: [1],
  version: 1,
};

describe('no events', () => {
  it('has no customers', () => {
    expect(initialState.customers.size).toBe(0);
    expect(initialState.byName.size).toBe(0);
  });
});

describe('a registered customer', () => {
  it('shows the registration', () => {
    const state = given([register('c1', 'Ada Lovelace', '1 Analytical Way')]);
    expect(customer(state)).toStrictEqual(ada);
    expect(state.byName.first(10)).toEqual([{ name: 'Ada Lovelace', customerId: 'c1' }]);
  });

  it('without an address has none', () => {
    expect(customer(given([register('c1', 'Ada Lovelace')])).shippingAddress).toBeUndefined();
  });

  it('is not registered twice', () => {
    const state = given([
      register('c1', 'Ada Lovelace', '1 Analytical Way'),
      register('c1', 'Impostor'),
    ]);
    expect(customer(state)).toStrictEqual(ada);
    expect(state.byName.first(10)).toEqual([{ name: 'Ada Lovelace', customerId: 'c1' }]);
  });
});

describe('a customer who changed details', () => {
  it('shows only the changed fields changed', () => {
    const state = given([
      register('c1', 'Ada Lovelace', '1 Analytical Way'),
      { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', email: 'ada@example.org' } },
    ]);
    expect(customer(state)).toStrictEqual({
      ...ada,
      email: 'ada@example.org',
      history: [1, 2],
      version: 2,
    });
  });

  it('with an empty address has none any more', () => {
    const state = given([
      register('c1', 'Ada Lovelace', '1 Analytical Way'),
      { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', shipping_address: '' } },
    ]);
    expect(customer(state).shippingAddress).toBeUndefined();
  });

  it('of an unknown customer changes nothing', () => {
    const before = given([register('c1', 'Ada Lovelace')]);
    const [change] = storeAll(
      [{ type: 'CustomerDetailsChanged', data: { customer_id: 'c9', name: 'Nobody' } }],
      { firstPosition: 2 },
    );
    if (change === undefined) throw new Error('no event');
    expect(evolve(before, change).customers).toBe(before.customers);
  });
});

describe('a customer with orders', () => {
  const state = given([
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
    expect(customer(state).orderCount).toBe(3);
    expect(customer(state, 'c2').orderCount).toBe(1);
  });

  it('knows the last order’s time', () => {
    expect(customer(state).lastOrderAt).toBe('2025-03-01T09:06:00.000Z');
  });

  it('has a lifetime value per currency of what was paid', () => {
    expect(customer(state).lifetimeValue).toStrictEqual({ EUR: 1000, USD: 250 });
    expect(customer(state, 'c2').lifetimeValue).toStrictEqual({});
  });

  it('keeps its own history to the customer stream', () => {
    expect(customer(state).history).toEqual([1]);
    expect(customer(state).version).toBe(1);
  });
});

describe('a customer with a refunded order', () => {
  it('has paid minus refunded as lifetime value, 0 listed once used', () => {
    const state = given([
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
    expect(customer(state).lifetimeValue).toStrictEqual({ EUR: 300, USD: 0 });
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

  it('go into the name index as they would one by one', () => {
    const events = storeAll([
      ...registrations(0, 30),
      ...registrations(30, 150),
      rename('c3', 'Aaron'),
      rename('c40', 'Zed'),
      rename('c5', 'anna'),
      rename('c41', 'Émile'),
      rename('c3', 'aaron'),
    ]);
    const oneByOne = events.reduce(evolve, initialState);
    const inTwoBatches = foldEvents(
      foldEvents(initialState, events.slice(0, 30)),
      events.slice(30),
    );
    const reference = [...oneByOne.customers.values()]
      .map(({ name, customerId }) => ({ name, customerId }))
      .sort(
        (a, b) =>
          textCollator.compare(a.name, b.name) ||
          (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
      );
    expect(inTwoBatches.byName.size).toBe(180);
    expect(inTwoBatches.byName.first(200)).toStrictEqual(reference);
    expect(oneByOne.byName.first(200)).toStrictEqual(reference);
  });
});

describe('any state', () => {
  it('is left untouched by folding more events', () => {
    const state = given([register('c1', 'Ada Lovelace'), place('o1', 'c1', 1000)]);
    const before = toPlain(state);
    const more = storeAll([pay('o1', 1000), refund('o1', 1000)], {
      firstPosition: 3,
      versions: new Map([['order-o1', 1]]),
    });
    const after = foldEvents(state, more);
    expect(toPlain(state)).toStrictEqual(before);
    expect(customer(after).lifetimeValue).toStrictEqual({ EUR: 0 });
  });

  it('builds on the orders read model it carries', () => {
    const state = given([register('c1', 'Ada Lovelace'), place('o1', 'c1', 1000)]);
    expect(state.orders.orders.get('o1')?.customerName).toBe('Ada Lovelace');
  });
});
