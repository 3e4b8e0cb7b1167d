import { describe, expect, it } from 'vitest';
import { generateDemoHistory, toStoredEvents } from '../demo/generator';
import type { DomainEvent, StoredEvent } from '../domain/events';
import { DeskView } from '../projections/deskView';
import { everythingAt, modelAfter, storeAll } from '../projections/testing';
import { madeParts } from '../lib/packedStrings';
import type { ModelParts } from '../projections/deskModel';
import { modelOf, snapshotSourcesOf } from './snapshot';

/** The model's parts as a snapshot stores them. */
const snapshotDataOf = (parts: ModelParts) => madeParts(snapshotSourcesOf(parts));

const demo = toStoredEvents(
  generateDemoHistory({
    seed: 5,
    events: 600,
    end: new Date('2026-06-01T00:00:00.000Z'),
    source: 'urn:uuid:snapshot-test',
  }),
);

/** Events after the demo's: text UTF-8 cannot hold, a method outside the catalog, strays. */
const unusual: DomainEvent[] = [
  {
    type: 'CustomerRegistered',
    data: { customer_id: 's-c1', name: 'Half \uD800 pair', email: 'half@example.com' },
  },
  {
    type: 'OrderPlaced',
    data: {
      order_id: 's-o1',
      customer_id: 's-c1',
      currency: 'CHF',
      items: [{ product_id: 'p-🐘', name: 'Elephant 🐘', quantity: 2, unit_price: 700 }],
      total: 1400,
    },
  },
  {
    type: 'PaymentProcessed',
    data: {
      order_id: 's-o1',
      payment_id: 's-p1',
      amount: 1400,
      method: 'barter' as 'card',
    },
  },
  { type: 'OrderDelivered', data: { order_id: 'never-placed' } },
  {
    type: 'CustomerRegistered',
    data: { customer_id: 's-c1', name: 'Second registration', email: 'x@example.com' },
  },
  { type: 'CustomerDetailsChanged', data: { customer_id: 's-c1', shipping_address: '' } },
];
const events: StoredEvent[] = [
  ...demo,
  ...storeAll(unusual, { firstPosition: demo.length + 1, start: Date.parse('2026-06-02') }),
];
const later = storeAll(
  [
    { type: 'OrderShipped', data: { order_id: 's-o1', carrier: 'Post', tracking_number: 'T1' } },
    { type: 'CustomerDetailsChanged', data: { customer_id: 's-c1', name: 'Whole' } },
  ],
  { firstPosition: events.length + 1, start: Date.parse('2026-06-03') },
);

/** Moments of a model as the screens read them: every 100th, and each of the last ten. */
const moments = (model: ReturnType<typeof modelAfter>) =>
  Array.from({ length: model.head + 1 }, (_, position) => position)
    .filter((position) => position % 100 === 0 || position > model.head - 10)
    .map((position) => everythingAt(new DeskView(model, position)));

describe('a snapshot of the views', () => {
  it('gives back a model that shows every moment the same, and goes on the same', () => {
    const original = modelAfter(events);
    // As IndexedDB keeps it: a structured clone.
    const restored = modelOf(structuredClone(snapshotDataOf(original.parts())));
    expect(restored.head).toBe(events.length);
    expect(new DeskView(restored, restored.head).orders.get('s-o1')?.payment?.method).toBe(
      'barter',
    );
    expect(moments(restored)).toStrictEqual(moments(original));
    original.apply(later);
    restored.apply(later);
    expect(moments(restored)).toStrictEqual(moments(original));
    // Reading hundreds of moments whole takes seconds on a busy machine.
  }, 30_000);

  it('of a model with no events gives an empty model', () => {
    const restored = modelOf(snapshotDataOf(modelAfter([]).parts()));
    expect(restored.head).toBe(0);
    expect(everythingAt(new DeskView(restored, 0))).toStrictEqual(
      everythingAt(new DeskView(modelAfter([]), 0)),
    );
  });

  it('is refused with a part missing or of another kind', () => {
    const data = snapshotDataOf(modelAfter(events).parts());
    for (const name of Object.keys(data)) {
      const without = Object.fromEntries(Object.entries(data).filter(([key]) => key !== name));
      expect(() => modelOf(without), name).toThrow(/missing/);
    }
    expect(() =>
      modelOf({ ...data, 'views.eventType': Int32Array.from(data['views.eventType'] ?? []) }),
    ).toThrow("The snapshot's views.eventType is missing.");
    expect(() =>
      modelOf({ ...data, 'views.orderTotal': Int32Array.from(data['views.orderTotal'] ?? []) }),
    ).toThrow("The snapshot's views.orderTotal is missing.");
    expect(() => modelOf({ ...data, 'views.orderIds.ends': Float64Array.of(1) })).toThrow(
      "The snapshot's views.orderIds are missing.",
    );
  });

  it('is refused when its parts do not fit together', () => {
    const parts = modelAfter(events).parts();
    const cut = (name: keyof typeof parts) => {
      const part = parts[name];
      return {
        ...parts,
        [name]: Array.isArray(part) ? part.slice(1) : (part as Int32Array).subarray(1),
      };
    };
    expect(() => modelOf(snapshotDataOf(cut('eventEntity')))).toThrow('do not fit together');
    expect(() => modelOf(snapshotDataOf(cut('orderIds')))).toThrow('do not fit together');
    expect(() => modelOf(snapshotDataOf(cut('detailNames')))).toThrow('do not fit together');
    const entity = parts.eventEntity.slice();
    entity[3] = 1_000_000;
    expect(() => modelOf(snapshotDataOf({ ...parts, eventEntity: entity }))).toThrow(
      'do not fit together',
    );
    const orderTable = parts.orderTable.slice();
    orderTable[orderTable.findIndex((entry) => entry !== 0)] = 0;
    expect(() => modelOf(snapshotDataOf({ ...parts, orderTable }))).toThrow('do not fit together');
    const data = snapshotDataOf(parts);
    expect(() => modelOf({ ...data, 'views.otherMethodRows': Int32Array.of(1, 2) })).toThrow(
      'do not pair up',
    );
  });
});
