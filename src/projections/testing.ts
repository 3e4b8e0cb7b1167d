/**
 * Test support for read models (imported by tests only): envelopes around catalog events, the
 * desk read after them, a driver that turns abstract operations into events through the real
 * deciders.
 */
import type { CustomerCommand, CustomerState } from '../domain/customer';
import { customerDecider, normalizeEmail } from '../domain/customer';
import { isDomainError } from '../domain/errors';
import type { DomainEvent, PaymentMethod, StoredEvent } from '../domain/events';
import { paymentMethods, streamIdOf } from '../domain/events';
import type { OrderCommand, OrderState } from '../domain/order';
import { orderDecider } from '../domain/order';
import {
  handleCustomerCommand,
  handleOrderCommand,
  type CommandFacts,
} from '../domain/handleCommand';
import { DeskModel } from './deskModel';
import { DeskView, type OrderView } from './deskView';

export const TEST_SOURCE = 'urn:uuid:00000000-0000-4000-8000-000000000000';
export const TEST_START = Date.parse('2025-03-01T09:00:00.000Z');

/** Envelopes: positions from `firstPosition`, versions per stream, one minute apart by default. */
export function storeAll(
  events: readonly DomainEvent[],
  options: {
    firstPosition?: number;
    start?: number;
    stepMs?: number;
    versions?: Map<string, number>;
  } = {},
): StoredEvent[] {
  const { firstPosition = 1, start = TEST_START, stepMs = 60_000 } = options;
  const versions = options.versions ?? new Map<string, number>();
  return events.map((event, index) => {
    const streamId = streamIdOf(event);
    const streamVersion = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, streamVersion);
    const position = firstPosition + index;
    return {
      ...event,
      position,
      id: `e-${position}`,
      streamId,
      streamVersion,
      dataVersion: 1,
      time: new Date(start + index * stepMs).toISOString(),
      metadata: {
        source: TEST_SOURCE,
        correlationId: `c-${position}`,
        causationId: `c-${position}`,
      },
    };
  });
}

/** A model with these events (stored from position 1) folded. */
export function modelAfter(events: readonly StoredEvent[]): DeskModel {
  const model = new DeskModel();
  model.apply(events);
  return model;
}

/** The desk after these events (stored from position 1): a model folded from them, at its head. */
export function deskAfter(events: readonly StoredEvent[]): DeskView {
  const model = modelAfter(events);
  return new DeskView(model, model.head);
}

/** Every order of a moment as the orders list shows them, by placing, oldest first. */
export function ordersByPlacing(view: DeskView): OrderView[] {
  const rows = view.orders.rows({
    status: 'All',
    search: '',
    key: 'placedAt',
    direction: 'ascending',
  });
  return Array.from({ length: rows.count }, (_, index) => {
    const order = rows.at(index);
    if (order === undefined) throw new Error(`No row ${index} of ${rows.count}.`);
    return order;
  });
}

/**
 * What the screens read of a moment, as plain values: every order and customer, the dashboard,
 * every event's summary. Two views that give the same show the same desk.
 */
export function everythingAt(view: DeskView) {
  return {
    position: view.position,
    orders: ordersByPlacing(view),
    statusCounts: view.orders.statusCounts,
    customers: view.customers.first({
      key: 'name',
      direction: 'ascending',
      search: '',
      limit: Number.POSITIVE_INFINITY,
    }),
    directory: view.customers.directory(),
    dashboard: {
      totals: view.dashboard.totals,
      revenueByDay: view.dashboard.revenueByDay,
      recentActivity: view.dashboard.recentActivity,
    },
    events: Array.from({ length: view.position }, (_, index) => view.eventAt(index + 1)),
  };
}

/** An abstract operation; indexes pick among what exists (modulo), so any sequence is usable. */
export type Op =
  | { kind: 'register'; name: number; email: number; address: boolean }
  | { kind: 'change'; customer: number; name?: number; email?: number; address?: number }
  | {
      kind: 'place';
      customer: number;
      currency: number;
      lines: readonly { product: number; quantity: number; price: number }[];
    }
  | { kind: 'pay'; order: number; method: number; exact: boolean }
  | { kind: 'ship'; order: number }
  | { kind: 'deliver'; order: number }
  | { kind: 'cancel'; order: number }
  | { kind: 'refund'; order: number };

const names = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Zoë Quinn', 'Edsger Dijkstra'];
// A small pool, so emails collide and the uniqueness rule rejects some registrations.
const emails = [
  'ada@example.com',
  'grace@example.org',
  'ALAN@example.net',
  'alan@example.net',
  'z@example.eu',
  'e@example.com',
];
const currencies = ['EUR', 'USD', 'JPY'];
const products = ['p-1', 'p-2', 'p-3', 'p-4'];

export interface DriveResult {
  events: StoredEvent[];
  /** Commands the deciders rejected (and that therefore produced nothing). */
  rejected: number;
  customers: ReadonlyMap<string, CustomerState>;
  orders: ReadonlyMap<string, OrderState>;
}

/**
 * Runs operations as commands through the deciders with the contexts the application would give
 * (who owns an email, whether a customer exists). Each accepted command's events are stored at
 * once, `stepMs` apart, so a long run spans several days.
 */
export function drive(ops: readonly Op[], stepMs = 37 * 60_000): DriveResult {
  const customers = new Map<string, CustomerState>();
  const orders = new Map<string, OrderState>();
  const emailOwners = new Map<string, string>();
  const customerIds: string[] = [];
  const orderIds: string[] = [];
  const decided: DomainEvent[] = [];
  const times: number[] = [];
  let rejected = 0;
  const facts: CommandFacts = {
    emailOwner: (email) => emailOwners.get(email),
    customerExists: (customerId) => customers.get(customerId)?.status === 'registered',
  };
  const pickOrder = (index: number) => orderIds[index % Math.max(orderIds.length, 1)];

  const runCustomer = (customerId: string, command: CustomerCommand, at: number) => {
    const state = customers.get(customerId) ?? customerDecider.initialState();
    const result = handleCustomerCommand(command, state, facts);
    if (isDomainError(result)) return false;
    const next = result.state;
    for (const event of result.events) {
      decided.push(event);
      times.push(at);
    }
    if (state.status === 'registered') emailOwners.delete(normalizeEmail(state.email));
    if (next.status === 'registered') emailOwners.set(normalizeEmail(next.email), customerId);
    customers.set(customerId, next);
    return true;
  };

  const runOrder = (orderId: string, command: OrderCommand, at: number) => {
    const result = handleOrderCommand(
      command,
      orders.get(orderId) ?? orderDecider.initialState(),
      facts,
    );
    if (isDomainError(result)) return false;
    for (const event of result.events) {
      decided.push(event);
      times.push(at);
    }
    orders.set(orderId, result.state);
    return true;
  };

  ops.forEach((op, index) => {
    const at = TEST_START + index * stepMs;
    let accepted = false;
    switch (op.kind) {
      case 'register': {
        const customerId = `c${customerIds.length + 1}`;
        accepted = runCustomer(
          customerId,
          {
            type: 'RegisterCustomer',
            data: {
              customerId,
              name: names[op.name % names.length] ?? 'Nobody',
              email: emails[op.email % emails.length] ?? 'x@example.com',
              ...(op.address ? { shippingAddress: `Street ${op.name}, Town` } : {}),
            },
          },
          at,
        );
        if (accepted) customerIds.push(customerId);
        break;
      }
      case 'change': {
        // One index past the end names a customer that does not exist.
        const customerId = customerIds[op.customer % (customerIds.length + 1)] ?? 'ghost';
        const data: {
          customerId: string;
          name?: string;
          email?: string;
          shippingAddress?: string;
        } = {
          customerId,
        };
        if (op.name !== undefined) data.name = names[op.name % names.length] ?? 'Nobody';
        if (op.email !== undefined)
          data.email = emails[op.email % emails.length] ?? 'x@example.com';
        if (op.address !== undefined)
          data.shippingAddress = op.address === 0 ? '' : `Avenue ${op.address}`;
        accepted = runCustomer(customerId, { type: 'ChangeCustomerDetails', data }, at);
        break;
      }
      case 'place': {
        const orderId = `o${orderIds.length + 1}`;
        const customerId = customerIds[op.customer % (customerIds.length + 1)] ?? 'ghost';
        accepted = runOrder(
          orderId,
          {
            type: 'PlaceOrder',
            data: {
              orderId,
              customerId,
              currency: currencies[op.currency % currencies.length] ?? 'EUR',
              items: op.lines.map((line) => {
                const product = products[line.product % products.length] ?? 'p-0';
                return {
                  product_id: product,
                  name: `Product ${product}`,
                  quantity: line.quantity,
                  unit_price: line.price,
                };
              }),
            },
          },
          at,
        );
        if (accepted) orderIds.push(orderId);
        break;
      }
      case 'pay': {
        const orderId = pickOrder(op.order);
        const state = orderId === undefined ? undefined : orders.get(orderId);
        if (orderId === undefined || state === undefined || state.status === 'none') break;
        const method: PaymentMethod = paymentMethods[op.method % paymentMethods.length] ?? 'card';
        accepted = runOrder(
          orderId,
          {
            type: 'RecordPayment',
            data: {
              orderId,
              paymentId: `pay-${index}`,
              amount: state.total + (op.exact ? 0 : 1),
              method,
            },
          },
          at,
        );
        break;
      }
      case 'ship': {
        const orderId = pickOrder(op.order);
        if (orderId === undefined) break;
        accepted = runOrder(
          orderId,
          { type: 'ShipOrder', data: { orderId, carrier: 'DHL', trackingNumber: `T${index}` } },
          at,
        );
        break;
      }
      case 'deliver': {
        const orderId = pickOrder(op.order);
        if (orderId === undefined) break;
        accepted = runOrder(orderId, { type: 'MarkDelivered', data: { orderId } }, at);
        break;
      }
      case 'cancel': {
        const orderId = pickOrder(op.order);
        if (orderId === undefined) break;
        accepted = runOrder(
          orderId,
          { type: 'CancelOrder', data: { orderId, reason: `Reason\n${index}` } },
          at,
        );
        break;
      }
      case 'refund': {
        const orderId = pickOrder(op.order);
        if (orderId === undefined) break;
        accepted = runOrder(
          orderId,
          { type: 'RefundOrder', data: { orderId, reason: 'Returned' } },
          at,
        );
        break;
      }
    }
    if (!accepted) rejected += 1;
  });

  const events = storeAll(decided).map((event, index) => ({
    ...event,
    time: new Date(times[index] ?? TEST_START).toISOString(),
  }));
  return { events, rejected, customers, orders };
}

/**
 * What a view shows, as plain values to compare: every order by placing, every customer by
 * registration, and the status counts.
 */
export function viewContents(view: DeskView) {
  const orders = view.orders.rows({
    status: 'All',
    search: '',
    key: 'placedAt',
    direction: 'ascending',
  });
  const customers = view.customers.first({
    key: 'name',
    direction: 'ascending',
    search: '',
    limit: Infinity,
  });
  const registered = (customerId: string) =>
    view.model.customerRegistered.get(view.model.customerNumbers.get(customerId) ?? 0);
  return {
    orders: Array.from({ length: orders.count }, (_, index) => orders.at(index)),
    customers: [...customers.customers].sort(
      (a, b) => registered(a.customerId) - registered(b.customerId),
    ),
    statusCounts: view.orders.statusCounts,
  };
}
