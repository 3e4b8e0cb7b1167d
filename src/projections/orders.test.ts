import { describe, expect, it } from 'vitest';
import type { DomainEvent, OrderLine, StoredEvent } from '../domain/events';
import { DeskView, type OrderView } from './deskView';
import { deskAfter, modelAfter, ordersByPlacing, storeAll } from './testing';

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

/** Given these events (stored one minute apart from 09:00), the desk after them. */
const given = (events: readonly DomainEvent[]): DeskView => deskAfter(storeAll(events));

const order = (view: DeskView, id = 'o1'): OrderView => {
  const found = view.orders.get(id);
  if (found === undefined) throw new Error(`no order ${id}`);
  return found;
};

const orderIds = (view: DeskView): string[] => ordersByPlacing(view).map((o) => o.orderId);

const placedView: OrderView = {
  orderId: 'o1',
  number: 1001,
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
    const desk = given([]);
    expect(desk.orders.count).toBe(0);
    expect(desk.orders.get('o1')).toBeUndefined();
    expect(orderIds(desk)).toEqual([]);
    expect(desk.customers.ordersOf('c1')).toEqual([]);
  });
});

describe('a placed order', () => {
  it('shows the order with its customer’s name, item count and lines', () => {
    const desk = given([registered, placed]);
    expect(order(desk)).toStrictEqual(placedView);
    expect(orderIds(desk)).toEqual(['o1']);
    expect(desk.customers.ordersOf('c1')).toStrictEqual([placedView]);
  });

  it('is not placed twice by a repeated OrderPlaced', () => {
    const desk = given([registered, placed, { ...placed, data: { ...placed.data, total: 1 } }]);
    expect(order(desk)).toStrictEqual(placedView);
    expect(orderIds(desk)).toEqual(['o1']);
    expect(desk.orders.count).toBe(1);
  });

  it('shows the customer id while the customer is unknown', () => {
    const desk = given([placed]);
    expect(order(desk).customerName).toBe('c1');
  });
});

describe('a paid order', () => {
  it('records the payment', () => {
    const desk = given([registered, placed, paid]);
    expect(order(desk)).toStrictEqual({
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
    const desk = given([registered, placed, paid, shipped, delivered]);
    const view = order(desk);
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
    const desk = given([registered, placed, paid, shipped, delivered, refunded]);
    const view = order(desk);
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
    const desk = given([
      registered,
      placed,
      { type: 'OrderCancelled', data: { order_id: 'o1', reason: 'Changed mind' } },
    ]);
    expect(order(desk)).toStrictEqual({
      ...placedView,
      status: 'Cancelled',
      cancellation: { reason: 'Changed mind', at: '2025-03-01T09:02:00.000Z' },
      lastChangeAt: '2025-03-01T09:02:00.000Z',
      history: [2, 3],
      version: 2,
    });
  });

  it('when Paid: stays Cancelled after the refund that comes with it', () => {
    const desk = given([
      registered,
      placed,
      paid,
      { type: 'OrderCancelled', data: { order_id: 'o1', reason: 'Out of stock' } },
      { ...refunded, data: { ...refunded.data, reason: 'Out of stock' } },
    ]);
    const view = order(desk);
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
    const desk = given([
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
    expect(order(desk, 'o1').customerName).toBe('Ada King');
    expect(order(desk, 'o2').customerName).toBe('Ada King');
    expect(order(desk, 'o3').customerName).toBe('Grace Hopper');
    // A rename is not an event of the order.
    expect(order(desk, 'o1').history).toEqual([3]);
    expect(order(desk, 'o1').lastChangeAt).toBe('2025-03-01T09:02:00.000Z');
    expect(desk.customers.ordersOf('c1').map((o) => o.orderId)).toEqual(['o1', 'o2']);
    expect(orderIds(desk)).toEqual(['o1', 'o2', 'o3']);
  });

  it('keeps the name when only the email changed', () => {
    const desk = given([
      registered,
      placed,
      { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', email: 'new@example.com' } },
    ]);
    expect(order(desk).customerName).toBe('Ada Lovelace');
  });
});

describe('events of an order that was never placed', () => {
  it('change nothing', () => {
    const stored = storeAll([registered, paid, shipped, delivered]);
    const model = modelAfter(stored);
    const before = new DeskView(model, 1);
    const after = new DeskView(model, model.head);
    expect(after.orders.count).toBe(0);
    expect(after.orders.get('o1')).toBeUndefined();
    expect(after.orders.statusCounts).toStrictEqual(before.orders.statusCounts);
    expect(after.customers.get('c1')).toStrictEqual(before.customers.get('c1'));
    expect(after.customers.ordersOf('c1')).toEqual([]);
    expect(after.dashboard.revenueByDay).toEqual([]);
  });
});

describe('a moment', () => {
  it('answers the same after more events are folded', () => {
    const stored = storeAll([registered, placed, paid, shipped, delivered, refunded]);
    const model = modelAfter(stored.slice(0, 3));
    const view = new DeskView(model, model.head);
    const before = order(view);
    model.apply(stored.slice(3));
    expect(order(view)).toStrictEqual(before);
    expect(order(new DeskView(model, 3))).toStrictEqual(before);
    expect(before.status).toBe('Paid');
    expect(order(new DeskView(model, model.head)).status).toBe('Refunded');
  });

  it('shows each order as it was then', () => {
    const model = modelAfter(storeAll([registered, placed, paid, shipped, delivered, refunded]));
    expect(new DeskView(model, 1).orders.get('o1')).toBeUndefined();
    expect(order(new DeskView(model, 2))).toStrictEqual(placedView);
    expect([3, 4, 5, 6].map((position) => order(new DeskView(model, position)).status)).toEqual([
      'Paid',
      'Shipped',
      'Delivered',
      'Refunded',
    ]);
    expect(order(new DeskView(model, 4)).deliveredAt).toBeUndefined();
  });

  it('ignores an event type it does not know, without throwing', () => {
    const [unknown] = storeAll([delivered], { firstPosition: 3 });
    const model = modelAfter(storeAll([registered, placed]));
    model.apply([{ ...unknown, type: 'OrderTeleported' } as unknown as StoredEvent]);
    const view = new DeskView(model, model.head);
    expect(view.position).toBe(3);
    expect(order(view)).toStrictEqual(placedView);
    expect(view.eventAt(3)).toMatchObject({ position: 3, type: undefined, streamId: undefined });
  });
});
