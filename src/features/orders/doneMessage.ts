import type { StoredEvent } from '../../domain/events';
import { money, paymentMethodName } from '../../lib/format';

/**
 * What the place-order form tells the order page it opens: the events it appended and the
 * customer's name. The page says what was done once it knows the order's number.
 */
export interface PlacedState {
  readonly placed: readonly StoredEvent[];
  readonly customerName?: string;
}

export const isPlacedState = (state: unknown): state is PlacedState =>
  typeof state === 'object' &&
  state !== null &&
  Array.isArray((state as PlacedState).placed) &&
  ['string', 'undefined'].includes(typeof (state as PlacedState).customerName);

/** What the message of a new order names besides its events. */
export interface PlacedOrder {
  readonly customerName?: string | undefined;
  /** The order's number (#1001) once the views have it. */
  readonly orderNumber?: number | undefined;
}

/**
 * What a command did to an order, in words, from the events it appended: "Payment of €39.80 by
 * card recorded." `currency` is the order's (payments and refunds carry only an amount); a new
 * order is named by number and id, as on its page, and for its customer.
 */
export function describeDone(
  events: readonly StoredEvent[],
  currency: string,
  { customerName, orderNumber }: PlacedOrder = {},
): string {
  const [first, ...rest] = events;
  if (first === undefined) return 'Nothing changed.';
  switch (first.type) {
    case 'OrderPlaced': {
      const { order_id, total } = first.data;
      const order = orderNumber === undefined ? order_id : `#${orderNumber} · ${order_id}`;
      const forWhom = customerName === undefined ? '' : ` for ${customerName}`;
      return `Order ${order} placed${forWhom}: ${money(total, first.data.currency)}.`;
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
