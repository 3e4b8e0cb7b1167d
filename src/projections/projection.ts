import type { OrderEvent } from '../domain/events';
import type { OrderStatus } from '../domain/order';
import { statusAfter as lifecycleStatusAfter } from '../domain/orderLifecycle';

/**
 * The exhaustiveness check at the end of every switch on an event type: a new catalog type fails to
 * compile here. At run time an unknown type (from a newer catalog that was not upcast) is ignored,
 * so evolve stays total.
 */
export const ignoreUnknownEvent = <S>(_event: never, state: S): S => state;

/** The status an order has after one of its events, by the domain's order lifecycle. */
export const statusAfter = (
  current: OrderStatus | undefined,
  type: OrderEvent['type'],
): OrderStatus => lifecycleStatusAfter(current ?? 'none', type);
