import type { OrderEvent } from '../domain/events';
import type { OrderStatus } from '../domain/order';

/**
 * The exhaustiveness check at the end of every switch on an event type: a new catalog type fails to
 * compile here. At run time an unknown type (from a newer catalog that was not upcast) is ignored,
 * so evolve stays total.
 */
export const ignoreUnknownEvent = <S>(_event: never, state: S): S => state;

/**
 * The status an order has after one of its events. Mirrors `orderDecider.evolve`: a refund after a
 * cancellation (cancelling a paid order) keeps the order Cancelled; after delivery it is a return.
 */
export function statusAfter(
  current: OrderStatus | undefined,
  type: OrderEvent['type'],
): OrderStatus {
  switch (type) {
    case 'OrderPlaced':
      return 'Placed';
    case 'PaymentProcessed':
      return 'Paid';
    case 'OrderShipped':
      return 'Shipped';
    case 'OrderDelivered':
      return 'Delivered';
    case 'OrderCancelled':
      return 'Cancelled';
    case 'PaymentRefunded':
      return current === 'Cancelled' ? 'Cancelled' : 'Refunded';
    default:
      return ignoreUnknownEvent(type, current ?? 'Placed');
  }
}
