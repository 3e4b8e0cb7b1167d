import type { CustomerCommand } from './customer';
import type { CustomerEvent, DomainEvent, OrderEvent } from './events';
import type { OrderCommand } from './order';

/**
 * The command that recorded `events` (all the events of one decision, in order): what a device
 * decides again when another device's events came first (a sync's rebase). Deciding it against
 * the state the events were decided on gives the same events; the catalog keeps what is needed
 * (a cancellation's refund follows from the order's state, not from the command).
 */
export function commandOf(events: readonly OrderEvent[]): OrderCommand;
export function commandOf(events: readonly CustomerEvent[]): CustomerCommand;
export function commandOf(events: readonly DomainEvent[]): CustomerCommand | OrderCommand;
export function commandOf(events: readonly DomainEvent[]): CustomerCommand | OrderCommand {
  const [first] = events;
  if (first === undefined) throw new Error('A command recorded at least one event.');
  switch (first.type) {
    case 'CustomerRegistered': {
      const { customer_id, name, email, shipping_address } = first.data;
      return {
        type: 'RegisterCustomer',
        data: {
          customerId: customer_id,
          name,
          email,
          ...(shipping_address === undefined ? {} : { shippingAddress: shipping_address }),
        },
      };
    }
    case 'CustomerDetailsChanged': {
      const { customer_id, name, email, shipping_address } = first.data;
      return {
        type: 'ChangeCustomerDetails',
        data: {
          customerId: customer_id,
          ...(name === undefined ? {} : { name }),
          ...(email === undefined ? {} : { email }),
          ...(shipping_address === undefined ? {} : { shippingAddress: shipping_address }),
        },
      };
    }
    case 'OrderPlaced': {
      const { order_id, customer_id, currency, items } = first.data;
      return {
        type: 'PlaceOrder',
        data: { orderId: order_id, customerId: customer_id, currency, items },
      };
    }
    case 'PaymentProcessed': {
      const { order_id, payment_id, amount, method } = first.data;
      return {
        type: 'RecordPayment',
        data: { orderId: order_id, paymentId: payment_id, amount, method },
      };
    }
    case 'OrderShipped': {
      const { order_id, carrier, tracking_number } = first.data;
      return {
        type: 'ShipOrder',
        data: { orderId: order_id, carrier, trackingNumber: tracking_number },
      };
    }
    case 'OrderDelivered':
      return { type: 'MarkDelivered', data: { orderId: first.data.order_id } };
    case 'OrderCancelled':
      return {
        type: 'CancelOrder',
        data: { orderId: first.data.order_id, reason: first.data.reason },
      };
    case 'PaymentRefunded':
      return {
        type: 'RefundOrder',
        data: { orderId: first.data.order_id, reason: first.data.reason },
      };
    default: {
      const unknown: never = first;
      return unknown;
    }
  }
}
