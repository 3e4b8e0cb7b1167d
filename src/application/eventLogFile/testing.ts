/** Fixtures for the event log file's tests: a small history and its file. */
import type { StoredEvent } from '../../domain/events';
import type { EventStore } from '../../store/eventStore';
import type { PlacedEvent } from '../../store/types';
import { toCloudEvent, type EventLogCloudEvent } from '../../store/cloudEvents';

const SOURCE = 'urn:uuid:7b0c6a1e-3f4e-4b8a-9d2c-5e6f7a8b9c0d';

const meta = (id: string, actor?: string) => ({
  source: SOURCE,
  correlationId: `corr-${id}`,
  causationId: `cmd-${id}`,
  ...(actor === undefined ? {} : { actor }),
});

/** A customer, their order through to delivery, and a second customer: 7 events, 3 streams. */
export function sampleHistory(prefix = 's'): PlacedEvent[] {
  const c1 = `${prefix}-c1`;
  const c2 = `${prefix}-c2`;
  const o1 = `${prefix}-o1`;
  return [
    {
      id: `${prefix}-e1`,
      type: 'CustomerRegistered',
      data: { customer_id: c1, name: 'Ada Lovelace', email: `ada.${prefix}@example.com` },
      time: '2026-01-05T09:00:00.000Z',
      metadata: meta('1', 'clerk@desk'),
      streamId: `customer-${c1}`,
      streamVersion: 1,
    },
    {
      id: `${prefix}-e2`,
      type: 'OrderPlaced',
      data: {
        order_id: o1,
        customer_id: c1,
        currency: 'EUR',
        items: [
          { product_id: 'ceramic-mug', name: 'Ceramic mug, 350 ml', quantity: 2, unit_price: 1450 },
          { product_id: 'descaler', name: 'Descaling solution', quantity: 1, unit_price: 995 },
        ],
        total: 3895,
      },
      time: '2026-01-05T09:05:00.000Z',
      metadata: meta('2'),
      streamId: `order-${o1}`,
      streamVersion: 1,
    },
    {
      id: `${prefix}-e3`,
      type: 'PaymentProcessed',
      data: { order_id: o1, payment_id: `${prefix}-p1`, amount: 3895, method: 'card' },
      time: '2026-01-05T09:06:00.000Z',
      metadata: meta('3'),
      streamId: `order-${o1}`,
      streamVersion: 2,
    },
    {
      id: `${prefix}-e4`,
      type: 'CustomerRegistered',
      data: {
        customer_id: c2,
        name: 'Grace Hopper',
        email: `grace.${prefix}@example.com`,
        shipping_address: 'Main Street 1, Arlington',
      },
      time: '2026-01-05T10:00:00.000Z',
      metadata: meta('4'),
      streamId: `customer-${c2}`,
      streamVersion: 1,
    },
    {
      id: `${prefix}-e5`,
      type: 'OrderShipped',
      data: { order_id: o1, carrier: 'DHL', tracking_number: 'JD0001' },
      time: '2026-01-06T08:00:00.000Z',
      metadata: meta('5'),
      streamId: `order-${o1}`,
      streamVersion: 3,
    },
    {
      id: `${prefix}-e6`,
      type: 'CustomerDetailsChanged',
      data: { customer_id: c2, shipping_address: '' },
      time: '2026-01-06T09:00:00.000Z',
      metadata: meta('6'),
      streamId: `customer-${c2}`,
      streamVersion: 2,
    },
    {
      id: `${prefix}-e7`,
      type: 'OrderDelivered',
      data: { order_id: o1 },
      time: '2026-01-07T12:00:00.000Z',
      metadata: meta('7'),
      streamId: `order-${o1}`,
      streamVersion: 4,
    },
  ];
}

/** The history as stored, positions from `first`. */
export const storedHistory = (events: readonly PlacedEvent[], first = 1): StoredEvent[] =>
  events.map((event, i) => ({ ...event, dataVersion: 1, position: first + i }));

/** The history as the CloudEvents of an exported file. */
export const cloudEventsOf = (events: readonly PlacedEvent[], first = 1): EventLogCloudEvent[] =>
  storedHistory(events, first).map(toCloudEvent);

/** The text of a file holding these CloudEvents (or anything else). */
export const fileText = (value: unknown): string => JSON.stringify(value);

export async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const batch of store.readAll()) events.push(...batch);
  return events;
}
