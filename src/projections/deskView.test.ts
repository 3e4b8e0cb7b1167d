import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent, StoredEvent } from '../domain/events';
import { orderStatuses, type OrderStatus } from '../domain/order';
import { DeskModel } from './deskModel';
import { DeskView, type CustomerView, type OrderSortKey, type OrderView } from './deskView';
import { statusAfter } from './projection';
import { drive, storeAll, viewContents as read, type Op } from './testing';

/**
 * The views at a moment, folded naively from the events up to it into plain maps: obviously
 * right, and slow. The model must read the same off its columns at every moment.
 */
function oracle(events: readonly StoredEvent[], position: number) {
  const orders = new Map<string, OrderView>();
  const customers = new Map<
    string,
    Omit<CustomerView, 'orderCount' | 'lifetimeValue' | 'paid' | 'refunded' | 'lastOrderAt'>
  >();
  const names = new Map<string, string>();
  /** Per order: payments minus refunds, every one of them (a second payment counts too). */
  const paid = new Map<string, number>();
  /** Per order: what its payments and its refunds came to, each on its own. */
  const received = new Map<string, number>();
  const returned = new Map<string, number>();
  for (const event of events.slice(0, position)) {
    const edit = (orderId: string, change: Partial<OrderView>) => {
      const order = orders.get(orderId);
      if (order === undefined) return;
      orders.set(orderId, {
        ...order,
        ...change,
        status: statusAfter(order.status, event.type as Parameters<typeof statusAfter>[1]),
        lastChangeAt: event.time,
        history: [...order.history, event.position],
        version: order.version + 1,
      });
    };
    switch (event.type) {
      case 'CustomerRegistered': {
        const { customer_id, name, email, shipping_address } = event.data;
        if (customers.has(customer_id)) break;
        customers.set(customer_id, {
          customerId: customer_id,
          name,
          email,
          shippingAddress: shipping_address === '' ? undefined : shipping_address,
          registeredAt: event.time,
          history: [event.position],
          version: 1,
        });
        names.set(customer_id, name);
        break;
      }
      case 'CustomerDetailsChanged': {
        const { customer_id, name, email, shipping_address } = event.data;
        const customer = customers.get(customer_id);
        if (customer === undefined) break;
        customers.set(customer_id, {
          ...customer,
          name: name ?? customer.name,
          email: email ?? customer.email,
          shippingAddress:
            shipping_address === undefined
              ? customer.shippingAddress
              : shipping_address || undefined,
          history: [...customer.history, event.position],
          version: customer.version + 1,
        });
        if (name !== undefined) names.set(customer_id, name);
        break;
      }
      case 'OrderPlaced': {
        const { order_id, customer_id, currency, items, total } = event.data;
        if (orders.has(order_id)) break;
        orders.set(order_id, {
          orderId: order_id,
          // Numbered in placing order, from #1001.
          number: 1001 + orders.size,
          customerId: customer_id,
          customerName: customer_id,
          status: statusAfter(undefined, 'OrderPlaced'),
          currency,
          total,
          itemCount: items.reduce((sum, line) => sum + line.quantity, 0),
          lines: items,
          placedAt: event.time,
          lastChangeAt: event.time,
          payment: undefined,
          shipment: undefined,
          deliveredAt: undefined,
          cancellation: undefined,
          refund: undefined,
          history: [event.position],
          version: 1,
        });
        break;
      }
      case 'PaymentProcessed': {
        const { order_id, payment_id, amount, method } = event.data;
        if (orders.has(order_id)) paid.set(order_id, (paid.get(order_id) ?? 0) + amount);
        if (orders.has(order_id)) received.set(order_id, (received.get(order_id) ?? 0) + amount);
        edit(order_id, { payment: { paymentId: payment_id, amount, method, at: event.time } });
        break;
      }
      case 'OrderShipped': {
        const { order_id, carrier, tracking_number } = event.data;
        edit(order_id, { shipment: { carrier, trackingNumber: tracking_number, at: event.time } });
        break;
      }
      case 'OrderDelivered':
        edit(event.data.order_id, { deliveredAt: event.time });
        break;
      case 'OrderCancelled':
        edit(event.data.order_id, { cancellation: { reason: event.data.reason, at: event.time } });
        break;
      case 'PaymentRefunded': {
        const { order_id, payment_id, amount, reason } = event.data;
        if (orders.has(order_id)) paid.set(order_id, (paid.get(order_id) ?? 0) - amount);
        if (orders.has(order_id)) returned.set(order_id, (returned.get(order_id) ?? 0) + amount);
        edit(order_id, { refund: { paymentId: payment_id, amount, reason, at: event.time } });
        break;
      }
    }
  }
  const orderViews = [...orders.values()].map((order) => ({
    ...order,
    customerName: names.get(order.customerId) ?? order.customerId,
  }));
  const customerViews = [...customers.values()].map((customer): CustomerView => {
    const own = orderViews.filter((order) => order.customerId === customer.customerId);
    const lifetimeValue: Record<string, number> = {};
    const paidIn: Record<string, number> = {};
    const refundedIn: Record<string, number> = {};
    for (const order of own) {
      if (paid.has(order.orderId))
        lifetimeValue[order.currency] =
          (lifetimeValue[order.currency] ?? 0) + (paid.get(order.orderId) ?? 0);
      if (received.has(order.orderId))
        paidIn[order.currency] = (paidIn[order.currency] ?? 0) + (received.get(order.orderId) ?? 0);
      if (returned.has(order.orderId))
        refundedIn[order.currency] =
          (refundedIn[order.currency] ?? 0) + (returned.get(order.orderId) ?? 0);
    }
    return {
      ...customer,
      orderCount: own.length,
      lifetimeValue,
      paid: paidIn,
      refunded: refundedIn,
      lastOrderAt: own.at(-1)?.placedAt,
    };
  });
  const statusCounts = Object.fromEntries(orderStatuses.map((status) => [status, 0])) as Record<
    OrderStatus,
    number
  >;
  for (const order of orderViews) statusCounts[order.status] += 1;
  return { orders: orderViews, customers: customerViews, statusCounts };
}

const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('register' as const),
      name: fc.nat(9),
      email: fc.nat(9),
      address: fc.boolean(),
    }),
    fc.record(
      {
        kind: fc.constant('change' as const),
        customer: fc.nat(9),
        name: fc.nat(9),
        email: fc.nat(9),
        address: fc.nat(3),
      },
      { requiredKeys: ['kind', 'customer'] },
    ),
    fc.record({
      kind: fc.constant('place' as const),
      customer: fc.nat(9),
      currency: fc.nat(2),
      lines: fc.array(
        fc.record({
          product: fc.nat(5),
          quantity: fc.integer({ min: 1, max: 5 }),
          price: fc.nat(5000),
        }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
    }),
    fc.record({
      kind: fc.constant('pay' as const),
      order: fc.nat(20),
      method: fc.nat(2),
      exact: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('ship' as const), order: fc.nat(20) }),
    fc.record({ kind: fc.constant('deliver' as const), order: fc.nat(20) }),
    fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(20) }),
    fc.record({ kind: fc.constant('refund' as const), order: fc.nat(20) }),
  ),
  { maxLength: 60 },
);

/** Events the deciders never write: the views leave them out, and stay total. */
const strays: fc.Arbitrary<DomainEvent[]> = fc.array(
  fc.oneof(
    fc.constant<DomainEvent>({
      type: 'CustomerRegistered',
      data: { customer_id: 'c1', name: 'Again', email: 'again@example.com' },
    }),
    fc.constant<DomainEvent>({
      type: 'CustomerDetailsChanged',
      data: { customer_id: 'nobody', name: 'Ghost' },
    }),
    fc.constant<DomainEvent>({ type: 'OrderDelivered', data: { order_id: 'never-placed' } }),
    fc.constant<DomainEvent>({
      type: 'OrderPlaced',
      data: { order_id: 'o1', customer_id: 'c1', currency: 'EUR', items: [], total: 0 },
    }),
    fc.constant<DomainEvent>({
      type: 'OrderPlaced',
      data: {
        order_id: 'o-unknown-customer',
        customer_id: 'stranger',
        currency: 'USD',
        items: [],
        total: 5,
      },
    }),
    fc.constant<DomainEvent>({
      type: 'PaymentProcessed',
      data: { order_id: 'o1', payment_id: 'twice', amount: 1, method: 'cash' },
    }),
  ),
  { maxLength: 6 },
);

/** A history from the deciders with stray events spliced in at random places. */
const histories = fc
  .tuple(ops, strays, fc.array(fc.nat(), { maxLength: 6 }))
  .map(([list, extra, places]) => {
    const decided: DomainEvent[] = drive(list).events.map(
      ({ type, data }) => ({ type, data }) as DomainEvent,
    );
    extra.forEach((event, index) =>
      decided.splice((places[index] ?? 0) % (decided.length + 1), 0, event),
    );
    return storeAll(decided);
  });

describe('the desk model', () => {
  it('given any history, shows at every moment what a naive fold up to it shows', () => {
    fc.assert(
      fc.property(histories, (events) => {
        const model = new DeskModel();
        model.apply(events);
        for (let position = 0; position <= events.length; position++)
          expect(read(new DeskView(model, position))).toStrictEqual(oracle(events, position));
      }),
      { numRuns: 300 },
    );
  });

  it('given a view taken at a moment, answers the same after more events arrive', () => {
    fc.assert(
      fc.property(histories, fc.nat(), (events, cut) => {
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const model = new DeskModel();
        model.apply(events.slice(0, at));
        const before = read(new DeskView(model, at));
        model.apply(events.slice(at));
        expect(read(new DeskView(model, at))).toStrictEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('given its parts, a new model shows every moment the same (a snapshot plus the rest)', () => {
    fc.assert(
      fc.property(histories, fc.nat(), (events, cut) => {
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const original = new DeskModel();
        original.apply(events.slice(0, at));
        const restored = new DeskModel(original.parts());
        restored.apply(events.slice(at));
        original.apply(events.slice(at));
        for (let position = 0; position <= events.length; position++)
          expect(read(new DeskView(restored, position))).toStrictEqual(
            read(new DeskView(original, position)),
          );
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an event that does not follow its head', () => {
    const model = new DeskModel();
    const [first, second] = storeAll([
      { type: 'OrderDelivered', data: { order_id: 'x' } },
      { type: 'OrderDelivered', data: { order_id: 'y' } },
    ]);
    if (!second || !first) throw new Error('No events.');
    expect(() => {
      model.apply([second]);
    }).toThrow('does not follow');
    model.apply([first, second]);
    model.apply([first]);
    expect(model.head).toBe(2);
  });

  it('given a tail taken back and other events after it, shows every moment as a fold of what is left', () => {
    fc.assert(
      fc.property(histories, histories, fc.nat(), (events, others, cut) => {
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const model = new DeskModel();
        model.apply(events);
        // Lists and searches made before, whose caches the rewrite must not leave stale.
        const before = new DeskView(model, model.head);
        read(before);
        for (const key of ['total', 'customer', 'status'] as const)
          before.orders.rows({ status: 'All', search: 'o', key, direction: 'ascending' });
        before.customers.directory();
        model.truncate(at);
        // Other orders than the tail's, under other ids at the same order numbers.
        const after = storeAll(
          others.map(({ type, data }) =>
            'order_id' in data
              ? ({ type, data: { ...data, order_id: `x-${data.order_id}` } } as DomainEvent)
              : ({ type, data } as DomainEvent),
          ),
          { firstPosition: at + 1 },
        );
        model.apply(after);
        const fresh = new DeskModel();
        fresh.apply([...events.slice(0, at), ...after]);
        for (let position = 0; position <= fresh.head; position++) {
          const view = new DeskView(model, position);
          const truth = new DeskView(fresh, position);
          expect(read(view)).toStrictEqual(read(truth));
          for (const key of ['total', 'placedAt', 'customer', 'status'] as const)
            for (const search of ['', 'o', 'x', 'ada'])
              expect(ordersOf(view, key, search)).toStrictEqual(ordersOf(truth, key, search));
          expect(view.customers.directory()).toStrictEqual(truth.customers.directory());
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** The ids of the orders a list shows, in order. */
function ordersOf(view: DeskView, key: OrderSortKey, search: string): string[] {
  const rows = view.orders.rows({ status: 'All', search, key, direction: 'ascending' });
  return Array.from({ length: rows.count }, (_, index) => rows.at(index)?.orderId ?? '');
}
