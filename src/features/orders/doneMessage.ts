import type { StoredEvent } from '../../domain/events';
import { money, paymentMethodName } from '../../lib/format';

/** What the place-order form tells the order page it opens: what it did. */
export interface PlacedState {
  readonly done: string;
}

export const isPlacedState = (state: unknown): state is PlacedState =>
  typeof state === 'object' && state !== null && typeof (state as PlacedState).done === 'string';

/**
 * What a command did to an order, in words, from the events it appended: "Payment of €39.80 by
 * card recorded." `currency` is the order's (payments and refunds carry only an amount);
 * `customerName` names the customer of a new order.
 */
export function describeDone(
  events: readonly StoredEvent[],
  currency: string,
  customerName?: string,
): string {
  const [first, ...rest] = events;
  if (first === undefined) return 'Nothing changed.';
  switch (first.type) {
    case 'OrderPlaced': {
      const { order_id, total } = first.data;
      const forWhom = customerName === undefined ? '' : ` for ${customerName}`;
      return `Order ${order_id} placed${forWhom}: ${money(total, first.data.currency)}.`;
    }
    case 'PaymentProcessed': {
      const { amount, method } = first.data;
      const how = paymentMethodName(method, { inSentence: true });
      return `Payment of ${money(amount, currency)} by ${how} recorded.`;
    }
    case 'OrderShipped':
      return `Order shipped with ${first.data.carrier}, tracking number ${first.data.tracking_number}.`;
    case 'OrderDelivered':
      return 'Order marked as delivered.';
    case 'OrderCancelled': {
      // Cancelling a paid order refunds the payment in the same append.
      const refund = rest.find((event) => event.type === 'PaymentRefunded');
      return refund === undefined
        ? 'Order cancelled.'
        : `Order cancelled; the payment of ${money(refund.data.amount, currency)} was refunded.`;
    }
    case 'PaymentRefunded':
      return `Refund of ${money(first.data.amount, currency)} recorded.`;
    case 'CustomerRegistered':
      return `Customer ${first.data.name} registered.`;
    case 'CustomerDetailsChanged': {
      // The event holds only the fields that changed: those are what the user is told.
      const { name, email, shipping_address } = first.data;
      return [
        name === undefined ? null : `Name changed to ${name}.`,
        email === undefined ? null : `Email changed to ${email}.`,
        shipping_address === undefined
          ? null
          : shipping_address === ''
            ? 'Shipping address removed.'
            : 'Shipping address changed.',
      ]
        .filter((sentence) => sentence !== null)
        .join(' ');
    }
    default: {
      const unknown: never = first;
      return unknown;
    }
  }
}
