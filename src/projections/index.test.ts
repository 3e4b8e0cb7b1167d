import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderTotal } from '../domain/order';
import type { StoredEvent } from '../domain/events';
import { textCollator } from './collation';
import type { DeskState } from './index';
import { deskProjection, foldEvents } from './index';
import type { Op } from './testing';
import { drive, storeAll, toPlain } from './testing';

const { initialState, evolve } = deskProjection;

// Weighted towards commands that move orders along; a few invalid ones (empty lines, quantity 0,
// wrong amounts, unknown customers, taken emails, wrong status) are rejected and produce nothing.
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('register' as const),
      name: fc.nat(9),
      email: fc.nat(9),
      address: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        kind: fc.constant('change' as const),
        customer: fc.nat(9),
        name: fc.nat(9),
        email: fc.nat(9),
        address: fc.nat(3),
      },
      { requiredKeys: ['kind', 'customer'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      customer: fc.nat(9),
      currency: fc.nat(5),
      lines: fc.array(
        fc.record({
          product: fc.nat(9),
          quantity: fc.oneof(
            { weight: 9, arbitrary: fc.integer({ min: 1, max: 4 }) },
            fc.constant(0),
          ),
          price: fc.integer({ min: 0, max: 5000 }),
        }),
        { minLength: 0, maxLength: 3 },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      order: fc.nat(30),
      method: fc.nat(2),
      exact: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, fc.constant(false)),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ship' as const), order: fc.nat(30) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deliver' as const), order: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), order: fc.nat(30) }) },
);

/** Registrations first, so that most later commands find someone to act on. */
const ops = fc
  .tuple(fc.array(op, { maxLength: 6 }), fc.array(op, { maxLength: 250, size: 'max' }))
  .map(([start, rest]): Op[] => [
    { kind: 'register', name: 0, email: 0, address: true },
    { kind: 'register', name: 1, email: 1, address: false },
    ...start,
    ...rest,
  ]);

/** Cut points that split a log into consecutive, possibly empty, batches. */
const splits = (length: number) =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: length }), { maxLength: 8 })
    .map((cuts) => [...cuts].sort((a, b) => a - b));

const batchesOf = (events: readonly StoredEvent[], cuts: readonly number[]): StoredEvent[][] => {
  const bounds = [0, ...cuts, events.length];
  return bounds.slice(1).map((end, index) => events.slice(bounds[index], end));
};

const oneByOne = (events: readonly StoredEvent[]): DeskState => events.reduce(evolve, initialState);

describe('the desk', () => {
  it('before any event is empty at position 0', () => {
    expect(initialState.position).toBe(0);
    expect(initialState.orders.orders.size).toBe(0);
    expect(initialState.customers.customers.size).toBe(0);
    expect(initialState.dashboard.totals.events).toBe(0);
  });

  it('after events is at the last one’s position, its three read models on one orders state', () => {
    const { events } = drive([
      { kind: 'register', name: 0, email: 0, address: true },
      { kind: 'place', customer: 0, currency: 0, lines: [{ product: 0, quantity: 2, price: 100 }] },
      { kind: 'pay', order: 0, method: 0, exact: true },
    ]);
    const state = foldEvents(initialState, events);
    expect(state.position).toBe(3);
    expect(state.customers.orders).toBe(state.orders);
    expect(state.dashboard.orders).toBe(state.orders);
    expect(state.customers.customers.get('c1')?.lifetimeValue).toStrictEqual({ EUR: 200 });
    expect(state.dashboard.statusCounts.Paid).toBe(1);
  });

  it('folding nothing gives the same state back', () => {
    const { events } = drive([{ kind: 'register', name: 0, email: 0, address: true }]);
    const state = foldEvents(initialState, events);
    expect(foldEvents(state, [])).toBe(state);
    const batch = deskProjection.startBatch(state);
    batch.add([]);
    expect(batch.state()).toBe(state);
  });
});

describe('folding valid histories', () => {
  it('in one batch equals evolving one event at a time', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const { events } = drive(list);
        expect(toPlain(foldEvents(initialState, events))).toStrictEqual(toPlain(oneByOne(events)));
      }),
    );
  });

  it('in random batches equals one batch, and leaves every earlier state untouched', () => {
    fc.assert(
      fc.property(
        ops.chain((list) => {
          const { events } = drive(list);
          return fc.tuple(fc.constant(events), splits(events.length));
        }),
        ([events, cuts]) => {
          const checkpoints: { state: DeskState; plain: unknown }[] = [];
          let state = initialState;
          for (const batch of batchesOf(events, cuts)) {
            checkpoints.push({ state, plain: toPlain(state) });
            state = foldEvents(state, batch);
          }
          expect(toPlain(state)).toStrictEqual(toPlain(foldEvents(initialState, events)));
          for (const checkpoint of checkpoints)
            expect(toPlain(checkpoint.state)).toStrictEqual(checkpoint.plain);
        },
      ),
    );
  });

  it('through a batch fed in chunks, with states taken midway, equals one fold', () => {
    fc.assert(
      fc.property(
        ops.chain((list) => {
          const { events } = drive(list);
          return fc.tuple(
            fc.constant(events),
            splits(events.length),
            fc.array(fc.boolean(), { maxLength: 9 }),
          );
        }),
        ([events, cuts, takeState]) => {
          const batch = deskProjection.startBatch(initialState);
          const midway: { state: DeskState; plain: unknown; upTo: number }[] = [];
          let upTo = 0;
          batchesOf(events, cuts).forEach((chunk, index) => {
            batch.add(chunk);
            upTo += chunk.length;
            if (takeState[index] === true) {
              const state = batch.state();
              midway.push({ state, plain: toPlain(state), upTo });
            }
          });
          expect(toPlain(batch.state())).toStrictEqual(toPlain(foldEvents(initialState, events)));
          for (const { state, plain, upTo: count } of midway) {
            expect(toPlain(state)).toStrictEqual(plain);
            expect(plain).toStrictEqual(toPlain(foldEvents(initialState, events.slice(0, count))));
          }
        },
      ),
    );
  });

  it('agrees with the deciders: statuses, totals, counts and values', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const { events, customers, orders } = drive(list);
        const state = foldEvents(initialState, events);
        expect(state.position).toBe(events.length);
        expect(state.dashboard.totals.events).toBe(events.length);
        expect(state.orders.orders.size).toBe(orders.size);
        expect(state.customers.customers.size).toBe(customers.size);
        for (const [orderId, decided] of orders) {
          const view = state.orders.orders.get(orderId);
          if (decided.status === 'none' || view === undefined)
            throw new Error(`order ${orderId} missing`);
          expect(view.status).toBe(decided.status);
          expect(view.total).toBe(decided.total);
          expect(view.total).toBe(orderTotal(view.lines));
          expect(view.itemCount).toBe(view.lines.reduce((sum, line) => sum + line.quantity, 0));
          expect(view.history.length).toBe(view.version);
          const customer = customers.get(view.customerId);
          expect(customer?.status === 'registered' ? customer.name : undefined).toBe(
            view.customerName,
          );
        }
        for (const [customerId, decided] of customers) {
          const view = state.customers.customers.get(customerId);
          if (decided.status === 'none' || view === undefined)
            throw new Error(`customer ${customerId} missing`);
          expect({
            name: view.name,
            email: view.email,
            shippingAddress: view.shippingAddress,
          }).toStrictEqual({
            name: decided.name,
            email: decided.email,
            shippingAddress: decided.shippingAddress,
          });
          const own = [...state.orders.orders.values()].filter(
            (order) => order.customerId === customerId,
          );
          expect(view.orderCount).toBe(own.length);
          // Paid minus refunded: an order paid and not refunded counts its total.
          const expected: Record<string, number> = {};
          for (const order of own) {
            if (order.payment !== undefined)
              expected[order.currency] =
                (expected[order.currency] ?? 0) +
                order.payment.amount -
                (order.refund?.amount ?? 0);
          }
          expect(view.lifetimeValue).toStrictEqual(expected);
        }
        // The name index: every customer once, under the current name, by name then id.
        const named = [...customers]
          .flatMap(([customerId, decided]) =>
            decided.status === 'registered' ? [{ name: decided.name, customerId }] : [],
          )
          .sort(
            (a, b) =>
              textCollator.compare(a.name, b.name) ||
              (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
          );
        expect(state.customers.byName.first(named.length + 1)).toStrictEqual(named);
        expect(state.customers.byName.size).toBe(named.length);
        const counts = { Placed: 0, Paid: 0, Shipped: 0, Delivered: 0, Cancelled: 0, Refunded: 0 };
        for (const order of state.orders.orders.values()) counts[order.status] += 1;
        expect(state.dashboard.statusCounts).toStrictEqual(counts);
        expect(state.dashboard.recentActivity.map((item) => item.position)).toStrictEqual(
          events
            .slice(-20)
            .reverse()
            .map((event) => event.position),
        );
      }),
    );
  });
});

describe('events the deciders would never produce', () => {
  it('are folded without throwing, one by one and in a batch alike', () => {
    const events = storeAll([
      {
        type: 'PaymentProcessed',
        data: { order_id: 'nope', payment_id: 'p', amount: 5, method: 'card' },
      },
      { type: 'CustomerDetailsChanged', data: { customer_id: 'nobody', name: 'X' } },
      {
        type: 'OrderPlaced',
        data: { order_id: 'o1', customer_id: 'nobody', currency: 'EUR', items: [], total: 0 },
      },
      { type: 'OrderDelivered', data: { order_id: 'o1' } },
      {
        type: 'PaymentRefunded',
        data: { order_id: 'o1', payment_id: 'p', amount: 7, reason: 'r' },
      },
    ]);
    const state = foldEvents(initialState, events);
    expect(toPlain(state)).toStrictEqual(toPlain(oneByOne(events)));
    expect(state.orders.orders.get('o1')?.status).toBe('Refunded');
    expect(state.dashboard.statusCounts.Refunded).toBe(1);
    expect(state.dashboard.revenueByDay.get('2025-03-01')).toStrictEqual({ EUR: -7 });
  });
});
