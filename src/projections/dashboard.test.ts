import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { DeskModel } from './deskModel';
import { DeskView, RECENT_ACTIVITY_SIZE, type DashboardAt } from './deskView';
import { deskAfter, modelAfter, storeAll } from './testing';

const register = (id: string, name: string): DomainEvent => ({
  type: 'CustomerRegistered',
  data: { customer_id: id, name, email: `${id}@example.com` },
});
const place = (orderId: string, total: number, currency = 'EUR', quantity = 1): DomainEvent => ({
  type: 'OrderPlaced',
  data: {
    order_id: orderId,
    customer_id: 'c1',
    currency,
    items: [{ product_id: 'p', name: 'P', quantity, unit_price: total / quantity }],
    total,
  },
});
const pay = (orderId: string, amount: number): DomainEvent => ({
  type: 'PaymentProcessed',
  data: { order_id: orderId, payment_id: `pay-${orderId}`, amount, method: 'bank_transfer' },
});
const ship = (orderId: string): DomainEvent => ({
  type: 'OrderShipped',
  data: { order_id: orderId, carrier: 'UPS', tracking_number: '1Z999' },
});
const deliver = (orderId: string): DomainEvent => ({
  type: 'OrderDelivered',
  data: { order_id: orderId },
});
const cancel = (orderId: string): DomainEvent => ({
  type: 'OrderCancelled',
  data: { order_id: orderId, reason: 'No longer needed' },
});
const refund = (orderId: string, amount: number): DomainEvent => ({
  type: 'PaymentRefunded',
  data: { order_id: orderId, payment_id: `pay-${orderId}`, amount, reason: 'Damaged' },
});

const HOUR = 3_600_000;
/** Given these events, one hour apart from 2025-03-01T09:00Z, the dashboard after them. */
const given = (events: readonly DomainEvent[]): DashboardAt =>
  deskAfter(storeAll(events, { stepMs: HOUR })).dashboard;

const noEvents = given([]);

describe('no events', () => {
  it('shows zero everywhere, every status listed', () => {
    expect(noEvents.statusCounts).toStrictEqual({
      Placed: 0,
      Paid: 0,
      Shipped: 0,
      Delivered: 0,
      Cancelled: 0,
      Refunded: 0,
    });
    expect(noEvents.totals).toStrictEqual({ orders: 0, customers: 0, events: 0 });
    expect(noEvents.recentActivity).toEqual([]);
    expect(noEvents.revenueByDay).toEqual([]);
  });
});

describe('orders in every status', () => {
  const dashboard = given([
    register('c1', 'Ada Lovelace'),
    place('placed', 100),
    place('paid', 200),
    pay('paid', 200),
    place('shipped', 300),
    pay('shipped', 300),
    ship('shipped'),
    place('delivered', 400),
    pay('delivered', 400),
    ship('delivered'),
    deliver('delivered'),
    place('cancelled', 500),
    cancel('cancelled'),
    place('cancelled-paid', 600),
    pay('cancelled-paid', 600),
    cancel('cancelled-paid'),
    refund('cancelled-paid', 600),
    place('refunded', 700),
    pay('refunded', 700),
    ship('refunded'),
    deliver('refunded'),
    refund('refunded', 700),
  ]);

  it('counts each order once, in its current status', () => {
    expect(dashboard.statusCounts).toStrictEqual({
      Placed: 1,
      Paid: 1,
      Shipped: 1,
      Delivered: 1,
      Cancelled: 2,
      Refunded: 1,
    });
  });

  it('has totals of orders, customers and events', () => {
    expect(dashboard.totals).toStrictEqual({ orders: 7, customers: 1, events: 22 });
  });

  it('books payments minus refunds on the UTC day they happened', () => {
    // Events 0–14 fall on 2025-03-01 (09:00–23:00), the rest on 2025-03-02.
    expect(dashboard.revenueByDay).toStrictEqual([
      { day: '2025-03-01', amounts: { EUR: 200 + 300 + 400 + 600 } },
      { day: '2025-03-02', amounts: { EUR: -600 + 700 - 700 } },
    ]);
  });
});

describe('payments in several currencies', () => {
  it('keeps revenue apart per currency', () => {
    const dashboard = given([
      register('c1', 'Ada Lovelace'),
      place('o1', 1000),
      pay('o1', 1000),
      place('o2', 500, 'JPY'),
      pay('o2', 500),
      place('o3', 250),
      pay('o3', 250),
    ]);
    expect(dashboard.revenueByDay).toStrictEqual([
      { day: '2025-03-01', amounts: { EUR: 1250, JPY: 500 } },
    ]);
  });
});

describe('recent activity', () => {
  it('lists events newest first with one-line summaries', () => {
    const dashboard = given([
      register('c1', 'Ada Lovelace'),
      place('o1', 4200, 'EUR', 3),
      pay('o1', 4200),
    ]);
    expect(dashboard.recentActivity).toStrictEqual([
      {
        position: 3,
        time: '2025-03-01T11:00:00.000Z',
        type: 'PaymentProcessed',
        streamId: 'order-o1',
        summary: 'Order o1 paid: €42.00 by bank transfer',
      },
      {
        position: 2,
        time: '2025-03-01T10:00:00.000Z',
        type: 'OrderPlaced',
        streamId: 'order-o1',
        summary: 'Order o1 placed by Ada Lovelace: 3 items, €42.00',
      },
      {
        position: 1,
        time: '2025-03-01T09:00:00.000Z',
        type: 'CustomerRegistered',
        streamId: 'customer-c1',
        summary: 'Customer Ada Lovelace registered (c1@example.com)',
      },
    ]);
  });

  it('keeps the last 20 events, whether folded one by one or in a batch', () => {
    const events = [register('c1', 'Ada Lovelace')];
    for (let i = 1; i <= 15; i++) events.push(place(`o${i}`, 100 * i), pay(`o${i}`, 100 * i));
    const stored = storeAll(events);
    const oneByOne = new DeskModel();
    for (const event of stored) oneByOne.apply([event]);
    const batch = deskAfter(stored).dashboard;
    const activity = new DeskView(oneByOne, oneByOne.head).dashboard.recentActivity;
    expect(activity.map((item) => item.position)).toEqual(
      Array.from({ length: RECENT_ACTIVITY_SIZE }, (_, i) => 31 - i),
    );
    expect(batch.recentActivity).toStrictEqual(activity);
  });

  it('at an earlier moment, ends with the event of that moment', () => {
    const model = modelAfter(
      storeAll([register('c1', 'Ada Lovelace'), place('o1', 100), pay('o1', 100)], {
        stepMs: HOUR,
      }),
    );
    expect(new DeskView(model, 2).dashboard.recentActivity.map((item) => item.position)).toEqual([
      2, 1,
    ]);
  });

  it('names a customer as they were called at the time', () => {
    const dashboard = given([
      register('c1', 'Ada Lovelace'),
      place('o1', 100),
      { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', name: 'Ada King' } },
      place('o2', 100),
    ]);
    expect(dashboard.recentActivity.map((item) => item.summary)).toEqual([
      'Order o2 placed by Ada King: 1 item, €1.00',
      'Customer Ada Lovelace changed name to Ada King',
      'Order o1 placed by Ada Lovelace: 1 item, €1.00',
      'Customer Ada Lovelace registered (c1@example.com)',
    ]);
  });
});

describe('events of an order that was never placed', () => {
  it('count as events and change nothing else', () => {
    const dashboard = given([pay('ghost', 100), ship('ghost')]);
    expect(dashboard.statusCounts).toStrictEqual(noEvents.statusCounts);
    expect(dashboard.totals).toStrictEqual({ orders: 0, customers: 0, events: 2 });
    expect(dashboard.revenueByDay).toEqual([]);
  });
});
