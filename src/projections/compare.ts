import { eventTypes } from '../domain/events';
import { orderStatuses, type OrderStatus } from '../domain/order';
import { textCollator } from './collation';
import type { DeskView } from './deskView';

export interface OrderCreated {
  readonly orderId: string;
  readonly customerName: string;
  readonly status: OrderStatus;
  readonly total: number;
  readonly currency: string;
}
export interface StatusChange {
  readonly orderId: string;
  readonly from: OrderStatus;
  readonly to: OrderStatus;
}
export interface CustomerChange {
  readonly customerId: string;
  readonly name: string;
  /** 'registered', or the fields that changed. */
  readonly change: 'registered' | readonly ('name' | 'email' | 'shipping address')[];
}

/** What changed between two moments of the log, each list sorted for reading in groups. */
export interface MomentComparison {
  /** In placing order. */
  readonly ordersCreated: readonly OrderCreated[];
  /** By the new status, in the lifecycle's order (Placed … Refunded), then in placing order. */
  readonly statusChanges: readonly StatusChange[];
  /** The registered first, then those whose details changed; each by name, then by id. */
  readonly customerChanges: readonly CustomerChange[];
  /** Net revenue (payments − refunds) after minus before, per currency; zero entries left out. */
  readonly revenueDifference: Readonly<Record<string, number>>;
}

/** Where a status comes in the lifecycle: the order status changes are grouped in. */
const statusRank = new Map(orderStatuses.map((status, rank) => [status, rank]));

const registeredFirst = (change: CustomerChange) => (change.change === 'registered' ? 0 : 1);

/** The order `customerChanges` are listed in. */
const compareCustomerChanges = (a: CustomerChange, b: CustomerChange): number =>
  registeredFirst(a) - registeredFirst(b) ||
  textCollator.compare(a.name, b.name) ||
  (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0);

/**
 * Compares the views at two moments of one model (`before` not after `after`): what the events
 * between them did. Reads only those events, not every entity.
 */
export function compareMoments(before: DeskView, after: DeskView): MomentComparison {
  const model = after.model;
  const ordersCreated: OrderCreated[] = [];
  for (let order = before.orders.count; order < after.orders.count; order++) {
    const view = after.orders.atNumber(order);
    ordersCreated.push({
      orderId: view.orderId,
      customerName: view.customerName,
      status: view.status,
      total: view.total,
      currency: view.currency,
    });
  }
  const touchedOrders = new Set<number>();
  const touchedCustomers = new Set<number>();
  const revenueDifference: Record<string, number> = {};
  for (let position = before.position + 1; position <= after.position; position++) {
    const entity = model.eventEntity.get(position);
    const type = eventTypes[model.eventType.get(position)];
    if (entity < 0 || type === undefined) continue;
    if (type === 'CustomerRegistered' || type === 'CustomerDetailsChanged') {
      touchedCustomers.add(entity);
      continue;
    }
    if (entity < before.orders.count) touchedOrders.add(entity);
    const sign = type === 'PaymentProcessed' ? 1 : type === 'PaymentRefunded' ? -1 : 0;
    if (sign === 0) continue;
    const detail = model.eventDetail.get(position);
    const amount = sign === 1 ? model.paymentAmount.get(detail) : model.refundAmount.get(detail);
    const currency = model.currencies.values[model.orderCurrency.get(entity)] ?? '';
    revenueDifference[currency] = (revenueDifference[currency] ?? 0) + sign * amount;
  }
  const changed: { order: number; change: StatusChange }[] = [];
  for (const order of touchedOrders) {
    const from = before.orders.atNumber(order).status;
    const to = after.orders.atNumber(order).status;
    if (from !== to)
      changed.push({ order, change: { orderId: model.orderIds[order] ?? '', from, to } });
  }
  changed.sort(
    (a, b) =>
      (statusRank.get(a.change.to) ?? 0) - (statusRank.get(b.change.to) ?? 0) || a.order - b.order,
  );
  const customerChanges: CustomerChange[] = [];
  for (const customer of touchedCustomers) {
    const customerId = model.customerIds[customer] ?? '';
    const now = after.customers.get(customerId);
    if (now === undefined) continue;
    const earlier = before.customers.get(customerId);
    if (earlier === undefined) {
      customerChanges.push({ customerId, name: now.name, change: 'registered' });
      continue;
    }
    const fields: ('name' | 'email' | 'shipping address')[] = [];
    if (earlier.name !== now.name) fields.push('name');
    if (earlier.email !== now.email) fields.push('email');
    if (earlier.shippingAddress !== now.shippingAddress) fields.push('shipping address');
    if (fields.length > 0) customerChanges.push({ customerId, name: now.name, change: fields });
  }
  customerChanges.sort(compareCustomerChanges);
  return {
    ordersCreated,
    statusChanges: changed.map(({ change }) => change),
    customerChanges,
    revenueDifference: Object.fromEntries(
      Object.entries(revenueDifference).filter(([, amount]) => amount !== 0),
    ),
  };
}
