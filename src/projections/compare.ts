import type { OrderStatus } from '../domain/order';
import type { DeskState } from './index';

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

/** What changed between two moments of the log. */
export interface MomentComparison {
  readonly ordersCreated: readonly OrderCreated[];
  readonly statusChanges: readonly StatusChange[];
  readonly customerChanges: readonly CustomerChange[];
  /** Net revenue (payments − refunds) after minus before, per currency; zero entries left out. */
  readonly revenueDifference: Readonly<Record<string, number>>;
}

function totalRevenue(state: DeskState): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const amounts of state.dashboard.revenueByDay.values())
    for (const [currency, amount] of Object.entries(amounts))
      totals[currency] = (totals[currency] ?? 0) + amount;
  return totals;
}

/**
 * Compares the views at two moments (`before` earlier than `after`). Entities that are the same
 * object in both (structural sharing) are skipped at once.
 */
export function compareMoments(before: DeskState, after: DeskState): MomentComparison {
  const ordersCreated: OrderCreated[] = [];
  const statusChanges: StatusChange[] = [];
  for (const [orderId, order] of after.orders.orders) {
    const earlier = before.orders.orders.get(orderId);
    if (earlier === order) continue;
    if (earlier === undefined)
      ordersCreated.push({
        orderId,
        customerName: order.customerName,
        status: order.status,
        total: order.total,
        currency: order.currency,
      });
    else if (earlier.status !== order.status)
      statusChanges.push({ orderId, from: earlier.status, to: order.status });
  }
  const customerChanges: CustomerChange[] = [];
  for (const [customerId, customer] of after.customers.customers) {
    const earlier = before.customers.customers.get(customerId);
    if (earlier === customer) continue;
    if (earlier === undefined) {
      customerChanges.push({ customerId, name: customer.name, change: 'registered' });
      continue;
    }
    const fields: ('name' | 'email' | 'shipping address')[] = [];
    if (earlier.name !== customer.name) fields.push('name');
    if (earlier.email !== customer.email) fields.push('email');
    if (earlier.shippingAddress !== customer.shippingAddress) fields.push('shipping address');
    if (fields.length > 0)
      customerChanges.push({ customerId, name: customer.name, change: fields });
  }
  const revenueBefore = totalRevenue(before);
  const revenueAfter = totalRevenue(after);
  const revenueDifference: Record<string, number> = {};
  for (const currency of new Set([...Object.keys(revenueBefore), ...Object.keys(revenueAfter)])) {
    const difference = (revenueAfter[currency] ?? 0) - (revenueBefore[currency] ?? 0);
    if (difference !== 0) revenueDifference[currency] = difference;
  }
  return { ordersCreated, statusChanges, customerChanges, revenueDifference };
}
