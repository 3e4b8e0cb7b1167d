import { describe, expect, it } from 'vitest';
import type { DomainEvent, StoredEvent } from '../domain/events';
import { streamIdOf } from '../domain/events';
import { compareMoments } from './compare';
import { deskProjection, type DeskState } from './index';

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

const at = (position: number): DeskState =>
  deskProjection.foldEvents(deskProjection.initialState, log.slice(0, position));

describe('two moments of a log', () => {
  it('lists orders created, status changes, customer changes and the revenue difference', () => {
    const comparison = compareMoments(at(2), at(6));
    expect(comparison.ordersCreated).toEqual([
      { orderId: 'o2', customerName: 'Bob', status: 'Placed', total: 300, currency: 'EUR' },
    ]);
    expect(comparison.statusChanges).toEqual([{ orderId: 'o1', from: 'Placed', to: 'Paid' }]);
    expect(comparison.customerChanges).toEqual(
      expect.arrayContaining([
        { customerId: 'ada', name: 'Ada', change: ['email'] },
        { customerId: 'bob', name: 'Bob', change: 'registered' },
      ]),
    );
    expect(comparison.customerChanges).toHaveLength(2);
    expect(comparison.revenueDifference).toEqual({ EUR: 1000 });
  });
});

describe('the same moment twice', () => {
  it('finds nothing changed', () => {
    const state = at(6);
    expect(compareMoments(state, state)).toEqual({
      ordersCreated: [],
      statusChanges: [],
      customerChanges: [],
      revenueDifference: {},
    });
  });
});
