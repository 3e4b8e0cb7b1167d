import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import type { DashboardState } from './dashboard';
import { RECENT_ACTIVITY_SIZE, dashboardProjection, revenueSeries } from './dashboard';
import { storeAll } from './testing';

const { initialState, evolve, foldEvents } = dashboardProjection;

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
/** Given these events, one hour apart from 2025-03-01T09:00Z, applied one by one. */
const given = (events: readonly DomainEvent[]): DashboardState =>
  storeAll(events, { stepMs: HOUR }).reduce(evolve, initialState);

describe('no events', () => {
  it('shows zero everywhere, every status listed', () => {
    expect(initialState.statusCounts).toStrictEqual({
      Placed: 0,
      Paid: 0,
      Shipped: 0,
      Delivered: 0,
      Cancelled: 0,
      Refunded: 0,
    });
    expect(initialState.totals).toStrictEqual({ orders: 0, customers: 0, events: 0 });
    expect(initialState.recentActivity).toEqual([]);
    expect(revenueSeries(initialState)).toEqual([]);
  });
});

describe('orders in every status', () => {
  const state = given([
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
    expect(state.statusCounts).toStrictEqual({
      Placed: 1,
      Paid: 1,
      Shipped: 1,
      Delivered: 1,
      Cancelled: 2,
      Refunded: 1,
    });
  });

  it('has totals of orders, customers and events', () => {
    expect(state.totals).toStrictEqual({ orders: 7, customers: 1, events: 22 });
  });

  it('books payments minus refunds on the UTC day they happened', () => {
    // Events 0–14 fall on 2025-03-01 (09:00–23:00), the rest on 2025-03-02.
    expect(revenueSeries(state)).toStrictEqual([
      { day: '2025-03-01', amounts: { EUR: 200 + 300 + 400 + 600 } },
      { day: '2025-03-02', amounts: { EUR: -600 + 700 - 700 } },
    ]);
  });
});

describe('payments in several currencies', () => {
  it('keeps revenue apart per currency', () => {
    const state = given([
      register('c1', 'Ada Lovelace'),
      place('o1', 1000),
      pay('o1', 1000),
      place('o2', 500, 'JPY'),
      pay('o2', 500),
      place('o3', 250),
      pay('o3', 250),
    ]);
    expect(state.revenueByDay.get('2025-03-01')).toStrictEqual({ EUR: 1250, JPY: 500 });
  });
});

describe('recent activity', () => {
  it('lists events newest first with one-line summaries', () => {
    const state = given([
      register('c1', 'Ada Lovelace'),
      place('o1', 4200, 'EUR', 3),
      pay('o1', 4200),
    ]);
    expect(state.recentActivity).toStrictEqual([
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
    const oneByOne = stored.reduce(evolve, initialState);
    const batch = foldEvents(initialState, stored);
    expect(oneByOne.recentActivity.map((item) => item.position)).toEqual(
      Array.from({ length: RECENT_ACTIVITY_SIZE }, (_, i) => 31 - i),
    );
    expect(batch.recentActivity).toStrictEqual(oneByOne.recentActivity);
  });

  it('names a customer as they were called at the time', () => {
    const state = given([
      register('c1', 'Ada Lovelace'),
      place('o1', 100),
      { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', name: 'Ada King' } },
      place('o2', 100),
    ]);
    expect(state.recentActivity.map((item) => item.summary)).toEqual([
      'Order o2 placed by Ada King: 1 item, €1.00',
      'Customer Ada Lovelace changed name to Ada King',
      'Order o1 placed by Ada Lovelace: 1 item, €1.00',
      'Customer Ada Lovelace registered (c1@example.com)',
    ]);
  });
});

describe('events of an order that was never placed', () => {
  it('count as events and change nothing else', () => {
    const state = given([pay('ghost', 100), ship('ghost')]);
    expect(state.statusCounts).toStrictEqual(initialState.statusCounts);
    expect(state.totals).toStrictEqual({ orders: 0, customers: 0, events: 2 });
    expect(state.revenueByDay.size).toBe(0);
  });
});
