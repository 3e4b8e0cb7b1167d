import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoHistory, toStoredEvents } from '../demo/generator';
import type { DomainEvent, StoredEvent } from '../domain/events';
import { streamIdOf } from '../domain/events';
import { orderStatuses } from '../domain/order';
import { textCollator } from './collation';
import { compareMoments } from './compare';
import { DeskView } from './deskView';
import { modelAfter, ordersByPlacing } from './testing';

function stored(events: DomainEvent[]): StoredEvent[] {
  const versions = new Map<string, number>();
  return events.map((event, i) => {
    const streamId = streamIdOf(event);
    const streamVersion = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, streamVersion);
    return {
      ...event,
      position: i + 1,
      id: `e${i + 1}`,
      streamId,
      streamVersion,
      dataVersion: 1,
      time: `2026-05-0${Math.min(9, i + 1)}T10:00:00.000Z`,
      metadata: { source: 'urn:uuid:test', correlationId: `c${i}`, causationId: `c${i}` },
    };
  });
}

const log = stored([
  { type: 'CustomerRegistered', data: { customer_id: 'ada', name: 'Ada', email: 'ada@x.org' } },
  {
    type: 'OrderPlaced',
    data: {
      order_id: 'o1',
      customer_id: 'ada',
      currency: 'EUR',
      items: [{ product_id: 'mug', name: 'Mug', quantity: 2, unit_price: 500 }],
      total: 1000,
    },
  },
  // — moment A (position 2) —
  {
    type: 'PaymentProcessed',
    data: { order_id: 'o1', payment_id: 'p1', amount: 1000, method: 'card' },
  },
  { type: 'CustomerDetailsChanged', data: { customer_id: 'ada', email: 'ada@y.org' } },
  { type: 'CustomerRegistered', data: { customer_id: 'bob', name: 'Bob', email: 'bob@x.org' } },
  {
    type: 'OrderPlaced',
    data: {
      order_id: 'o2',
      customer_id: 'bob',
      currency: 'EUR',
      items: [{ product_id: 'tea', name: 'Tea', quantity: 1, unit_price: 300 }],
      total: 300,
    },
  },
  // — moment B (position 6) —
]);

const model = modelAfter(log);
const at = (position: number): DeskView => new DeskView(model, position);

describe('two moments of a log', () => {
  it('lists orders created, status changes, customer changes and the revenue difference', () => {
    const comparison = compareMoments(at(2), at(6));
    expect(comparison.ordersCreated).toEqual([
      { orderId: 'o2', customerName: 'Bob', status: 'Placed', total: 300, currency: 'EUR' },
    ]);
    expect(comparison.statusChanges).toEqual([{ orderId: 'o1', from: 'Placed', to: 'Paid' }]);
    // The registered first, though Ada's change came before Bob's registration.
    expect(comparison.customerChanges).toEqual([
      { customerId: 'bob', name: 'Bob', change: 'registered' },
      { customerId: 'ada', name: 'Ada', change: ['email'] },
    ]);
    expect(comparison.revenueDifference).toEqual({ EUR: 1000 });
  });
});

describe('the same moment twice', () => {
  it('finds nothing changed', () => {
    const moment = at(6);
    expect(compareMoments(moment, moment)).toEqual({
      ordersCreated: [],
      statusChanges: [],
      customerChanges: [],
      revenueDifference: {},
    });
  });
});

/**
 * The reference: every order and customer of both moments side by side, the revenue as the
 * dashboards' totals, each list sorted as the comparison promises.
 */
function naiveComparison(before: DeskView, after: DeskView) {
  const orders = (view: DeskView) => new Map(ordersByPlacing(view).map((o) => [o.orderId, o]));
  const earlierOrders = orders(before);
  const ordersCreated = [];
  const statusChanges = [];
  for (const [orderId, order] of orders(after)) {
    const earlier = earlierOrders.get(orderId);
    if (earlier === undefined) {
      const { customerName, status, total, currency } = order;
      ordersCreated.push({ orderId, customerName, status, total, currency });
    } else if (earlier.status !== order.status)
      statusChanges.push({ orderId, from: earlier.status, to: order.status });
  }
  // Grouped by the new status in the lifecycle's order; within a group, placing order (the
  // map's order, kept by the stable sort).
  statusChanges.sort((a, b) => orderStatuses.indexOf(a.to) - orderStatuses.indexOf(b.to));
  const customerChanges = [];
  for (const { customerId } of after.customers.directory()) {
    const now = after.customers.get(customerId);
    const earlier = before.customers.get(customerId);
    if (now === undefined) continue;
    if (earlier === undefined) {
      customerChanges.push({ customerId, name: now.name, change: 'registered' });
      continue;
    }
    const change = [
      ...(earlier.name === now.name ? [] : ['name']),
      ...(earlier.email === now.email ? [] : ['email']),
      ...(earlier.shippingAddress === now.shippingAddress ? [] : ['shipping address']),
    ];
    if (change.length > 0) customerChanges.push({ customerId, name: now.name, change });
  }
  // The registered first, then the changed; each by name, then by id.
  const group = (entry: { change: unknown }) => (entry.change === 'registered' ? 0 : 1);
  customerChanges.sort(
    (a, b) =>
      group(a) - group(b) ||
      textCollator.compare(a.name, b.name) ||
      (a.customerId < b.customerId ? -1 : 1),
  );
  const revenue = (view: DeskView) => {
    const totals: Record<string, number> = {};
    for (const { amounts } of view.dashboard.revenueByDay)
      for (const [currency, amount] of Object.entries(amounts))
        totals[currency] = (totals[currency] ?? 0) + amount;
    return totals;
  };
  const revenueBefore = revenue(before);
  const revenueAfter = revenue(after);
  const revenueDifference: Record<string, number> = {};
  for (const currency of new Set([...Object.keys(revenueBefore), ...Object.keys(revenueAfter)])) {
    const difference = (revenueAfter[currency] ?? 0) - (revenueBefore[currency] ?? 0);
    if (difference !== 0) revenueDifference[currency] = difference;
  }
  return { ordersCreated, statusChanges, customerChanges, revenueDifference };
}

describe('any two moments of a demo history', () => {
  const demo = toStoredEvents(
    generateDemoHistory({
      seed: 11,
      events: 800,
      end: new Date('2026-06-01T00:00:00.000Z'),
      source: 'urn:uuid:compare-test',
    }),
  );
  const demoModel = modelAfter(demo);

  it('compare as every order and customer of both, side by side, compare', () => {
    fc.assert(
      fc.property(fc.nat(demo.length), fc.nat(demo.length), (a, b) => {
        const before = new DeskView(demoModel, Math.min(a, b));
        const after = new DeskView(demoModel, Math.max(a, b));
        const comparison = compareMoments(before, after);
        const reference = naiveComparison(before, after);
        // The same entries, in the same order.
        expect(comparison.ordersCreated).toStrictEqual(reference.ordersCreated);
        expect(comparison.statusChanges).toStrictEqual(reference.statusChanges);
        expect(comparison.customerChanges).toStrictEqual(reference.customerChanges);
        expect(comparison.revenueDifference).toStrictEqual(reference.revenueDifference);
      }),
      { numRuns: 100 },
    );
  });
});
