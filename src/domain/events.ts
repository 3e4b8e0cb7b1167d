/** The event catalog, version 1 (docs/contract.md §1). Amounts are integers in minor units. */

export type PaymentMethod = 'card' | 'cash' | 'bank_transfer';
export const paymentMethods: readonly PaymentMethod[] = ['card', 'cash', 'bank_transfer'];

export interface OrderLine {
  product_id: string;
  name: string;
  quantity: number;
  unit_price: number;
}

export interface CustomerRegistered {
  type: 'CustomerRegistered';
  data: { customer_id: string; name: string; email: string; shipping_address?: string };
}
export interface CustomerDetailsChanged {
  type: 'CustomerDetailsChanged';
  data: { customer_id: string; name?: string; email?: string; shipping_address?: string };
}
export interface OrderPlaced {
  type: 'OrderPlaced';
  data: {
    order_id: string;
    customer_id: string;
    currency: string;
    items: OrderLine[];
    total: number;
  };
}
export interface PaymentProcessed {
  type: 'PaymentProcessed';
  data: { order_id: string; payment_id: string; amount: number; method: PaymentMethod };
}
export interface OrderShipped {
  type: 'OrderShipped';
  data: { order_id: string; carrier: string; tracking_number: string };
}
export interface OrderDelivered {
  type: 'OrderDelivered';
  data: { order_id: string };
}
export interface OrderCancelled {
  type: 'OrderCancelled';
  data: { order_id: string; reason: string };
}
export interface PaymentRefunded {
  type: 'PaymentRefunded';
  data: { order_id: string; payment_id: string; amount: number; reason: string };
}

export type CustomerEvent = CustomerRegistered | CustomerDetailsChanged;
export type OrderEvent =
  OrderPlaced | PaymentProcessed | OrderShipped | OrderDelivered | OrderCancelled | PaymentRefunded;
export type DomainEvent = CustomerEvent | OrderEvent;
export type EventType = DomainEvent['type'];

export const eventTypes: readonly EventType[] = [
  'CustomerRegistered',
  'CustomerDetailsChanged',
  'OrderPlaced',
  'PaymentProcessed',
  'OrderShipped',
  'OrderDelivered',
  'OrderCancelled',
  'PaymentRefunded',
];

/** The data version of every type in this catalog. */
export const CURRENT_DATA_VERSION = 1;

export const customerStreamId = (customerId: string): string => `customer-${customerId}`;
export const orderStreamId = (orderId: string): string => `order-${orderId}`;

/** The stream an event belongs to, derived from its payload. */
export function streamIdOf(event: DomainEvent): string {
  switch (event.type) {
    case 'CustomerRegistered':
    case 'CustomerDetailsChanged':
      return customerStreamId(event.data.customer_id);
    case 'OrderPlaced':
    case 'PaymentProcessed':
    case 'OrderShipped':
    case 'OrderDelivered':
    case 'OrderCancelled':
    case 'PaymentRefunded':
      return orderStreamId(event.data.order_id);
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** A stored event: the envelope of docs/contract.md §2 around a catalog event. */
export interface EventMetadata {
  /** URI-reference of the installation that recorded the event. */
  source: string;
  correlationId: string;
  causationId: string;
  actor?: string;
}

export type StoredEvent<E extends DomainEvent = DomainEvent> = E & {
  position: number;
  id: string;
  streamId: string;
  streamVersion: number;
  dataVersion: number;
  /** RFC 3339 UTC with milliseconds. */
  time: string;
  metadata: EventMetadata;
};
