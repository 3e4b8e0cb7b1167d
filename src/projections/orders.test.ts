import { describe, expect, it } from 'vitest';
import type { DomainEvent, OrderLine, StoredEvent } from '../domain/events';
import type { OrdersState, OrderView } from './orders';
import { ordersOfCustomer, ordersProjection } from './orders';
import { storeAll, toPlain } from './testing';

const { initialState, evolve, foldEvents } = ordersProjection;

const lines: OrderLine[] = [
  { product_id: 'mug', name: 'Mug', quantity: 2, unit_price: 1450 },
  { product_id: 'beans', name: 'Beans', quantity: 1, unit_price: 2490 },
];

const registered: DomainEvent = {
  type: 'CustomerRegistered',
  data: { customer_id: 'c1', name: 'Ada Lovelace', email: 'ada@example.com' },
};
const placed: DomainEvent = {
  type: 'OrderPlaced',
  data: { order_id: 'o1', customer_id: 'c1', currency: 'EUR', items: lines, total: 5390 },
};
const paid: DomainEvent = {
  type: 'PaymentProcessed',
  data: { order_id: 'o1', payment_id: 'pay1', amount: 5390, method: 'card' },
};
const shipped: DomainEvent = {
  type: 'OrderShipped',
  data: { order_id: 'o1', carrier: 'DHL', tracking_number: 'JD123' },
};
const delivered: DomainEvent = { type: 'OrderDelivered', data: { order_id: 'o1' } };
const refunded: DomainEvent = {
  type: 'PaymentRefunded',
  data: { order_id: 'o1', payment_id: 'pay1', amount: 5390, reason: 'Broken' },
};

/** Given these events (stored one minute apart from 09:00), the state after them, one by one. */
const given = (events: readonly DomainEvent[]): { state: OrdersState; stored: StoredEvent[] } => {
  const stored = storeAll(events);
  return { state: stored.reduce(evolve, initialState), stored };
};

const order = (state: OrdersState, id = 'o1'): OrderView => {
  const found = state.orders.get(id);
  if (found === undefined) throw new Error(`no order ${id}`);
  return found;
};

const placedView: OrderView = {
  orderId: 'o1',
  customerId: 'c1',
  customerName: 'Ada Lovelace',
  status: 'Placed',
  currency: 'EUR',
  total: 5390,
  itemCount: 3,
  lines,
  placedAt: '2025-03-01T09:01:00.000Z',
  lastChangeAt: '2025-03-01T09:01:00.000Z',
  payment: undefined,
  shipment: undefined,
  deliveredAt: undefined,
  cancellation: undefined,
  refund: undefined,
  history: [2],
  version: 1,
};

describe('no events', () => {
  it('has no orders', () => {
    expect(initialState.orders.size).toBe(0);
    expect(initialState.orderIds.size).toBe(0);
    expect(ordersOfCustomer(initialState, 'c1')).toEqual([]);
  });
});

describe('a placed order', () => {
  it('shows the order with its customer’s name, item count and lines', () => {
    const { state } = given([registered, placed]);
    expect(order(state)).toStrictEqual(placedView);
    expect(state.orderIds.toArray()).toEqual(['o1']);
    expect(ordersOfCustomer(state, 'c1')).toStrictEqual([placedView]);
  });

  it('is not placed twice by a repeated OrderPlaced', () => {
    const { state } = given([registered, placed]);
    const [again] = storeAll([{ ...placed, data: { ...placed.data, total: 1 } }], {
      firstPosition: 3,
      versions: new Map([['order-o1', 1]]),
    });
    if (again === undefined) throw new Error('no event');
    const next = evolve(state, again);
    expect(order(next)).toStrictEqual(placedView);
    expect(next.orderIds.toArray()).toEqual(['o1']);
  });

  it('shows the customer id while the customer is unknown', () => {
    const { state } = given([placed]);
    expect(order(state).customerName).toBe('c1');
  });
});

describe('a paid order', () => {
  it('records the payment', () => {
    const { state } = given([registered, placed, paid]);
    expect(order(state)).toStrictEqual({
      ...placedView,
      status: 'Paid',
      payment: { paymentId: 'pay1', amount: 5390, method: 'card', at: '2025-03-01T09:02:00.000Z' },
      lastChangeAt: '2025-03-01T09:02:00.000Z',
      history: [2, 3],
      version: 2,
    });
  });
});

describe('a shipped and then delivered order', () => {
  it('records the shipment and the delivery', () => {
    const { state } = given([registered, placed, paid, shipped, delivered]);
    const view = order(state);
    expect(view.status).toBe('Delivered');
    expect(view.shipment).toStrictEqual({
      carrier: 'DHL',
      trackingNumber: 'JD123',
      at: '2025-03-01T09:03:00.000Z',
    });
    expect(view.deliveredAt).toBe('2025-03-01T09:04:00.000Z');
    expect(view.lastChangeAt).toBe('2025-03-01T09:04:00.000Z');
    expect(view.history).toEqual([2, 3, 4, 5]);
    expect(view.version).toBe(4);
  });
});

describe('a refunded order', () => {
  it('is Refunded with the refund recorded', () => {
    const { state } = given([registered, placed, paid, shipped, delivered, refunded]);
    const view = order(state);
    expect(view.status).toBe('Refunded');
    expect(view.refund).toStrictEqual({
      paymentId: 'pay1',
      amount: 5390,
      reason: 'Broken',
      at: '2025-03-01T09:05:00.000Z',
    });
    expect(view.cancellation).toBeUndefined();
  });
});

describe('a cancelled order', () => {
  it('when Placed: is Cancelled with the reason', () => {
    const { state } = given([
      registered,
      placed,
      { type: 'OrderCancelled', data: { order_id: 'o1', reason: 'Changed mind' } },
    ]);
    expect(order(state)).toStrictEqual({
      ...placedView,
      status: 'Cancelled',
      cancellation: { reason: 'Changed mind', at: '2025-03-01T09:02:00.000Z' },
      lastChangeAt: '2025-03-01T09:02:00.000Z',
      history: [2, 3],
      version: 2,
    });
  });

  it('when Paid: stays Cancelled after the refund that comes with it', () => {
    const { state } = given([
      registered,
      placed,
      paid,
      { type: 'OrderCancelled', data: { order_id: 'o1', reason: 'Out of stock' } },
      { ...refunded, data: { ...refunded.data, reason: 'Out of stock' } },
    ]);
    const view = order(state);
    expect(view.status).toBe('Cancelled');
    expect(view.cancellation).toStrictEqual({
      reason: 'Out of stock',
      at: '2025-03-01T09:03:00.000Z',
    });
    expect(view.refund).toStrictEqual({
      paymentId: 'pay1',
      amount: 5390,
      reason: 'Out of stock',
      at: '2025-03-01T09:04:00.000Z',
    });
    expect(view.history).toEqual([2, 3, 4, 5]);
  });
});

describe('a customer who changed their name', () => {
  it('shows the new name on all their orders, and only theirs', () => {
    const { state } = given([
      registered,
      {
        type: 'CustomerRegistered',
        data: { customer_id: 'c2', name: 'Grace Hopper', email: 'g@example.com' },
      },
      placed,
      { ...placed, data: { ...placed.data, order_id: 'o2' } },
      { ...placed, data: { ...placed.data, order_id: 'o3', customer_id: 'c2' } },
      { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', name: 'Ada King' } },
    ]);
    expect(order(state, 'o1').customerName).toBe('Ada King');
    expect(order(state, 'o2').customerName).toBe('Ada King');
    expect(order(state, 'o3').customerName).toBe('Grace Hopper');
    // A rename is not an event of the order.
    expect(order(state, 'o1').history).toEqual([3]);
    expect(order(state, 'o1').lastChangeAt).toBe('2025-03-01T09:02:00.000Z');
    expect(ordersOfCustomer(state, 'c1').map((o) => o.orderId)).toEqual(['o1', 'o2']);
    expect(state.orderIds.toArray()).toEqual(['o1', 'o2', 'o3']);
  });

  it('keeps the name when only the email changed', () => {
    const { state } = given([
      registered,
      placed,
      { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', email: 'new@example.com' } },
    ]);
    expect(order(state).customerName).toBe('Ada Lovelace');
  });
});

describe('events of an order that was never placed', () => {
  it('change nothing', () => {
    const { state } = given([registered]);
    const stray = storeAll([paid, shipped, delivered], { firstPosition: 2 });
    expect(foldEvents(state, stray)).toBe(state);
    expect(stray.reduce(evolve, state)).toBe(state);
  });
});

describe('any state', () => {
  it('is left untouched by evolve and foldEvents', () => {
    const { state, stored } = given([registered, placed, paid]);
    const before = toPlain(state);
    const rest = storeAll([shipped, delivered, refunded], {
      firstPosition: stored.length + 1,
      versions: new Map([['order-o1', 2]]),
    });
    const after = foldEvents(state, rest);
    rest.reduce(evolve, state);
    expect(toPlain(state)).toStrictEqual(before);
    expect(order(after).status).toBe('Refunded');
  });

  it('ignores an event type it does not know, without throwing', () => {
    const { state } = given([registered, placed]);
    const unknown = {
      ...storeAll([delivered])[0],
      type: 'OrderTeleported',
    } as unknown as StoredEvent;
    expect(evolve(state, unknown)).toBe(state);
  });
});
