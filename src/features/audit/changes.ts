import { customerDecider, type CustomerState } from '../../domain/customer';
import type { CustomerEvent, OrderEvent, StoredEvent } from '../../domain/events';
import { orderDecider, type OrderState } from '../../domain/order';
import { money, paymentMethodName } from '../../lib/format';

export interface FieldChange {
  field: string;
  before?: string;
  after: string;
}

export interface AuditEntry {
  event: StoredEvent;
  /** What happened, in words. */
  title: string;
  changes: FieldChange[];
}

const titles: Record<StoredEvent['type'], string> = {
  CustomerRegistered: 'Customer registered',
  CustomerDetailsChanged: 'Details changed',
  OrderPlaced: 'Order placed',
  PaymentProcessed: 'Payment recorded',
  OrderShipped: 'Order shipped',
  OrderDelivered: 'Order delivered',
  OrderCancelled: 'Order cancelled',
  PaymentRefunded: 'Payment refunded',
};

const orNone = (value: string | undefined): string =>
  value === undefined || value === '' ? '—' : value;

function customerChanges(before: CustomerState, event: CustomerEvent): FieldChange[] {
  const old = before.status === 'registered' ? before : undefined;
  const { name, email, shipping_address } = event.data;
  const changes: FieldChange[] = [];
  if (name !== undefined)
    changes.push({ field: 'Name', ...(old ? { before: old.name } : {}), after: name });
  if (email !== undefined)
    changes.push({ field: 'Email', ...(old ? { before: old.email } : {}), after: email });
  if (shipping_address !== undefined)
    changes.push({
      field: 'Shipping address',
      ...(old ? { before: orNone(old.shippingAddress) } : {}),
      after: orNone(shipping_address),
    });
  return changes;
}

function orderChanges(before: OrderState, after: OrderState, event: OrderEvent): FieldChange[] {
  const currency = after.status === 'none' ? 'EUR' : after.currency;
  const changes: FieldChange[] = [];
  if (after.status !== 'none' && before.status !== after.status)
    changes.push({
      field: 'Status',
      ...(before.status === 'none' ? {} : { before: before.status }),
      after: after.status,
    });
  switch (event.type) {
    case 'OrderPlaced':
      changes.push(
        { field: 'Lines', after: String(event.data.items.length) },
        { field: 'Total', after: money(event.data.total, event.data.currency) },
      );
      break;
    case 'PaymentProcessed':
      changes.push(
        { field: 'Paid', after: money(event.data.amount, currency) },
        { field: 'Method', after: paymentMethodName(event.data.method) },
      );
      break;
    case 'OrderShipped':
      changes.push(
        { field: 'Carrier', after: event.data.carrier },
        { field: 'Tracking number', after: event.data.tracking_number },
      );
      break;
    case 'OrderDelivered':
      break;
    case 'OrderCancelled':
      changes.push({ field: 'Reason', after: event.data.reason });
      break;
    case 'PaymentRefunded':
      changes.push(
        { field: 'Refunded', after: money(event.data.amount, currency) },
        { field: 'Reason', after: event.data.reason },
      );
      break;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
  return changes;
}

/** Each event of one stream with what it changed, folding the stream with its decider. */
export function auditTrail(events: readonly StoredEvent[]): AuditEntry[] {
  let customer = customerDecider.initialState();
  let order = orderDecider.initialState();
  return events.map((event) => {
    let changes: FieldChange[];
    if (event.type === 'CustomerRegistered' || event.type === 'CustomerDetailsChanged') {
      changes = customerChanges(customer, event);
      customer = customerDecider.evolve(customer, event);
    } else {
      const next = orderDecider.evolve(order, event);
      changes = orderChanges(order, next, event);
      order = next;
    }
    return { event, title: titles[event.type], changes };
  });
}
