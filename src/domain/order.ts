import type { Decider } from './decider';
import { DomainError } from './errors';
import type {
  OrderEvent,
  OrderLine,
  OrderPlaced,
  PaymentMethod,
  PaymentProcessed,
  PaymentRefunded,
} from './events';
import { paymentMethods } from './events';
import { isValidId } from './ids';
import {
  MAX_CARRIER_LENGTH,
  MAX_PRODUCT_NAME_LENGTH,
  MAX_REASON_LENGTH,
  MAX_TRACKING_NUMBER_LENGTH,
  isTooLong,
  tooLongMessage,
} from './limits';
import {
  commandMayRecord,
  lifecycleVerbs,
  statusAfter,
  statusesRecording,
  stepFrom,
  type OrderEventType,
} from './orderLifecycle';
import { unstorableTextMessage, unstorableTextProblem } from './text';

/** Order statuses as users see them (docs/contract.md §1). */
export type OrderStatus = 'Placed' | 'Paid' | 'Shipped' | 'Delivered' | 'Cancelled' | 'Refunded';
export const orderStatuses: readonly OrderStatus[] = [
  'Placed',
  'Paid',
  'Shipped',
  'Delivered',
  'Cancelled',
  'Refunded',
];

export type OrderState =
  | { status: 'none' }
  | {
      status: OrderStatus;
      orderId: string;
      customerId: string;
      currency: string;
      total: number;
      paymentId?: string;
      /** Whether the payment was refunded (a return, or the cancellation of a paid order). */
      refunded?: true;
    };

export interface PlaceOrder {
  type: 'PlaceOrder';
  data: { orderId: string; customerId: string; currency: string; items: OrderLine[] };
}
export interface RecordPayment {
  type: 'RecordPayment';
  data: { orderId: string; paymentId: string; amount: number; method: PaymentMethod };
}
export interface ShipOrder {
  type: 'ShipOrder';
  data: { orderId: string; carrier: string; trackingNumber: string };
}
export interface MarkDelivered {
  type: 'MarkDelivered';
  data: { orderId: string };
}
export interface CancelOrder {
  type: 'CancelOrder';
  data: { orderId: string; reason: string };
}
export interface RefundOrder {
  type: 'RefundOrder';
  data: { orderId: string; reason: string };
}
export type OrderCommand =
  PlaceOrder | RecordPayment | ShipOrder | MarkDelivered | CancelOrder | RefundOrder;

/** Facts from other streams: whether the ordering customer is registered. */
export interface OrderContext {
  customerExists: boolean;
}

/**
 * What the rules and `evolve` read of an order's event; a whole event is one. An import checks
 * these of each event of a file, without the rest of the payload.
 */
export type OrderEventFacts =
  | {
      type: 'OrderPlaced';
      data: Pick<OrderPlaced['data'], 'order_id' | 'customer_id' | 'currency' | 'total'>;
    }
  | {
      type: 'PaymentProcessed';
      data: Pick<PaymentProcessed['data'], 'order_id' | 'payment_id' | 'amount'>;
    }
  | {
      type: 'PaymentRefunded';
      data: Pick<PaymentRefunded['data'], 'order_id' | 'payment_id' | 'amount'>;
    }
  | { type: 'OrderShipped' | 'OrderDelivered' | 'OrderCancelled'; data: { order_id: string } };

export const MAX_LINES = 50;
export const MAX_QUANTITY = 999;
const currencyPattern = /^[A-Z]{3}$/;

export const orderTotal = (items: readonly OrderLine[]): number =>
  items.reduce((sum, line) => sum + line.quantity * line.unit_price, 0);

/** What is wrong with a text field: a character no log keeps, or more than `limit` characters. */
function checkText(what: string, text: string, limit: number): DomainError | undefined {
  const unstorable = unstorableTextProblem(text);
  if (unstorable !== null)
    return new DomainError('invalid_text', unstorableTextMessage(what, unstorable));
  return isTooLong(text, limit)
    ? new DomainError('text_too_long', tooLongMessage(what, limit))
    : undefined;
}

function checkLines(items: readonly OrderLine[]): DomainError | undefined {
  if (items.length === 0) return new DomainError('invalid_lines', 'Add at least one line.');
  if (items.length > MAX_LINES)
    return new DomainError('invalid_lines', `An order has at most ${MAX_LINES} lines.`);
  for (const [index, line] of items.entries()) {
    const label = `Line ${index + 1}`;
    if (!isValidId(line.product_id) || line.name.trim() === '')
      return new DomainError('invalid_lines', `${label}: choose a product.`);
    const nameError = checkText(`${label}: the product name`, line.name, MAX_PRODUCT_NAME_LENGTH);
    if (nameError) return nameError;
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY)
      return new DomainError(
        'invalid_quantity',
        `${label}: the quantity must be a whole number from 1 to ${MAX_QUANTITY}.`,
      );
    if (!Number.isSafeInteger(line.unit_price) || line.unit_price < 0)
      return new DomainError(
        'invalid_price',
        `${label}: the unit price must be a whole number of cents, zero or more.`,
      );
  }
  return undefined;
}

function checkReason(reason: string): DomainError | undefined {
  if (reason.trim() === '') return new DomainError('missing_reason', 'Give a reason.');
  return checkText('The reason', reason, MAX_REASON_LENGTH);
}

function checkShipment(carrier: string, trackingNumber: string): DomainError | undefined {
  if (carrier.trim() === '' || trackingNumber.trim() === '')
    return new DomainError(
      'missing_shipping_details',
      'Enter both the carrier and the tracking number.',
    );
  return (
    checkText('The carrier', carrier, MAX_CARRIER_LENGTH) ??
    checkText('The tracking number', trackingNumber, MAX_TRACKING_NUMBER_LENGTH)
  );
}

/** Why the lifecycle does not let `type` follow the order's state (see orderLifecycle.ts). */
function lifecycleError(orderId: string, state: OrderState, type: OrderEventType): DomainError {
  if (type === 'OrderPlaced')
    return new DomainError('order_already_placed', `Order ${orderId} has already been placed.`);
  if (state.status === 'none')
    return new DomainError('order_not_found', `There is no order ${orderId}.`);
  return new DomainError(
    'invalid_status',
    `Order ${orderId} is ${state.status}: it can be ${lifecycleVerbs[type]} only when it is ${statusesRecording(type).join(' or ')}.`,
  );
}

/** Whether the order was cancelled after payment and its refund is still to be recorded. */
export const refundOwed = (state: OrderState): boolean =>
  state.status === 'Cancelled' && state.paymentId !== undefined && state.refunded !== true;

/**
 * The rule an event would break on an order in `state`, or undefined when it may be recorded:
 * the lifecycle (which event may follow which status), a new order's customer, a payment equal
 * to the total, a refund of the payment recorded, in full and once. The decider checks every
 * event it decides with it, and an import every event of a file (domain/historyCheck.ts), so that
 * the log holds only histories the desk's own commands could write.
 */
export function orderEventProblem(
  state: OrderState,
  event: OrderEventFacts,
  context: OrderContext,
): DomainError | undefined {
  const orderId = event.data.order_id;
  if (!stepFrom(state.status, event.type)) return lifecycleError(orderId, state, event.type);
  switch (event.type) {
    case 'OrderPlaced':
      return context.customerExists
        ? undefined
        : new DomainError('customer_not_found', `There is no customer ${event.data.customer_id}.`);
    case 'PaymentProcessed':
      return state.status !== 'none' && event.data.amount !== state.total
        ? new DomainError(
            'amount_mismatch',
            'The payment must equal the order total: partial payments are not accepted.',
          )
        : undefined;
    case 'PaymentRefunded':
      if (state.status === 'none' || state.paymentId === undefined || state.refunded)
        return new DomainError('nothing_to_refund', `Order ${orderId} has no payment to refund.`);
      if (event.data.payment_id !== state.paymentId)
        return new DomainError(
          'payment_mismatch',
          `The refund must go back to the payment ${state.paymentId} that paid the order.`,
        );
      return event.data.amount !== state.total
        ? new DomainError(
            'amount_mismatch',
            'The refund must equal the order total: partial refunds are not accepted.',
          )
        : undefined;
    case 'OrderShipped':
    case 'OrderDelivered':
    case 'OrderCancelled':
      return undefined;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The event each command on a placed order records (a cancellation may add the refund). */
const recordedBy: Readonly<Record<Exclude<OrderCommand['type'], 'PlaceOrder'>, OrderEventType>> = {
  RecordPayment: 'PaymentProcessed',
  ShipOrder: 'OrderShipped',
  MarkDelivered: 'OrderDelivered',
  CancelOrder: 'OrderCancelled',
  RefundOrder: 'PaymentRefunded',
};

/** The events a command records, before any rule is checked; or the command's own broken rule. */
function eventsOf(command: OrderCommand, state: OrderState): OrderEvent[] | DomainError {
  const order_id = command.data.orderId;
  switch (command.type) {
    case 'PlaceOrder': {
      const { customerId, currency, items } = command.data;
      if (!currencyPattern.test(currency))
        return new DomainError(
          'invalid_currency',
          `“${currency}” is not an ISO 4217 currency code.`,
        );
      const error = checkLines(items);
      if (error) return error;
      const total = orderTotal(items);
      if (!Number.isSafeInteger(total))
        return new DomainError('invalid_price', 'The order total is too large to record exactly.');
      return [
        {
          type: 'OrderPlaced',
          data: {
            order_id,
            customer_id: customerId,
            currency,
            items: items.map((line) => ({ ...line, name: line.name.trim() })),
            total,
          },
        },
      ];
    }
    case 'RecordPayment': {
      const { paymentId, amount, method } = command.data;
      if (!isValidId(paymentId))
        return new DomainError('invalid_id', `“${paymentId}” is not a valid payment id.`);
      if (!paymentMethods.includes(method))
        return new DomainError('invalid_method', 'Choose card, cash or bank transfer.');
      return [
        { type: 'PaymentProcessed', data: { order_id, payment_id: paymentId, amount, method } },
      ];
    }
    case 'ShipOrder': {
      const { carrier, trackingNumber } = command.data;
      const error = checkShipment(carrier, trackingNumber);
      if (error) return error;
      return [
        {
          type: 'OrderShipped',
          data: { order_id, carrier: carrier.trim(), tracking_number: trackingNumber.trim() },
        },
      ];
    }
    case 'MarkDelivered':
      return [{ type: 'OrderDelivered', data: { order_id } }];
    case 'CancelOrder':
    case 'RefundOrder': {
      const error = checkReason(command.data.reason);
      if (error) return error;
      const reason = command.data.reason.trim();
      const refund = (): OrderEvent => ({
        type: 'PaymentRefunded',
        data: {
          order_id,
          payment_id: state.status === 'none' ? '' : (state.paymentId ?? ''),
          amount: state.status === 'none' ? 0 : state.total,
          reason,
        },
      });
      if (command.type === 'RefundOrder') return [refund()];
      // Cancelling a paid order refunds it in full, in the same append.
      const cancelled: OrderEvent = { type: 'OrderCancelled', data: { order_id, reason } };
      return state.status === 'Paid' ? [cancelled, refund()] : [cancelled];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function decide(
  command: OrderCommand,
  state: OrderState,
  context: OrderContext,
): OrderEvent[] | DomainError {
  const { orderId } = command.data;
  if (!isValidId(orderId))
    return new DomainError('invalid_id', `“${orderId}” is not a valid order id.`);
  // The status first: the rest of a command the order cannot take does not matter.
  const type = command.type === 'PlaceOrder' ? 'OrderPlaced' : recordedBy[command.type];
  if (!commandMayRecord(state.status, type)) return lifecycleError(orderId, state, type);
  const events = eventsOf(command, state);
  if (events instanceof DomainError) return events;
  let current = state;
  for (const event of events) {
    const error = orderEventProblem(current, event, context);
    if (error) return error;
    current = evolveOrder(current, event);
  }
  return events;
}

type PlacedOrderState = Exclude<OrderState, { status: 'none' }>;

/**
 * A placed order's next state, built whole rather than spread: an import folds a million events
 * through here, and a literal of a fixed shape costs a fraction of a spread.
 */
function orderAt(
  state: PlacedOrderState,
  status: OrderStatus,
  paymentId = state.paymentId,
  refunded = state.refunded,
): PlacedOrderState {
  const { orderId, customerId, currency, total } = state;
  if (paymentId === undefined) return { status, orderId, customerId, currency, total };
  return refunded
    ? { status, orderId, customerId, currency, total, paymentId, refunded }
    : { status, orderId, customerId, currency, total, paymentId };
}

/** Folds an event into the order's state; total, so that any log can be read. */
export function evolveOrder(state: OrderState, event: OrderEventFacts): OrderState {
  if (event.type === 'OrderPlaced')
    return {
      status: 'Placed',
      orderId: event.data.order_id,
      customerId: event.data.customer_id,
      currency: event.data.currency,
      total: event.data.total,
    };
  // A stray event of an order never placed changes nothing.
  if (state.status === 'none') return state;
  const status = statusAfter(state.status, event.type);
  switch (event.type) {
    case 'PaymentProcessed':
      return orderAt(state, status, event.data.payment_id);
    case 'PaymentRefunded':
      return orderAt(state, status, state.paymentId, true);
    case 'OrderShipped':
    case 'OrderDelivered':
    case 'OrderCancelled':
      return orderAt(state, status);
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent, OrderContext> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve: evolveOrder,
};
