import type { Decider } from './decider';
import { DomainError } from './errors';
import type { OrderEvent, OrderLine, PaymentMethod } from './events';
import { paymentMethods } from './events';
import { isValidId } from './ids';

/** Order statuses as users see them (CONTRACT.md §1). */
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

export const MAX_LINES = 50;
export const MAX_QUANTITY = 999;
const currencyPattern = /^[A-Z]{3}$/;

export const orderTotal = (items: readonly OrderLine[]): number =>
  items.reduce((sum, line) => sum + line.quantity * line.unit_price, 0);

function checkLines(items: readonly OrderLine[]): DomainError | undefined {
  if (items.length === 0) return new DomainError('invalid_lines', 'Add at least one line.');
  if (items.length > MAX_LINES)
    return new DomainError('invalid_lines', `An order has at most ${MAX_LINES} lines.`);
  for (const [index, line] of items.entries()) {
    const label = `Line ${index + 1}`;
    if (!isValidId(line.product_id) || line.name.trim() === '')
      return new DomainError('invalid_lines', `${label}: choose a product.`);
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

const wrongStatus = (orderId: string, status: OrderStatus, action: string, allowed: string) =>
  new DomainError(
    'invalid_status',
    `Order ${orderId} is ${status}: it can be ${action} only when it is ${allowed}.`,
  );

function decide(
  command: OrderCommand,
  state: OrderState,
  context: OrderContext,
): OrderEvent[] | DomainError {
  const { orderId } = command.data;
  if (!isValidId(orderId))
    return new DomainError('invalid_id', `“${orderId}” is not a valid order id.`);
  if (command.type === 'PlaceOrder') {
    if (state.status !== 'none')
      return new DomainError('order_already_placed', `Order ${orderId} has already been placed.`);
    const { customerId, currency, items } = command.data;
    if (!context.customerExists)
      return new DomainError('customer_not_found', `There is no customer ${customerId}.`);
    if (!currencyPattern.test(currency))
      return new DomainError('invalid_currency', `“${currency}” is not an ISO 4217 currency code.`);
    const error = checkLines(items);
    if (error) return error;
    const total = orderTotal(items);
    if (!Number.isSafeInteger(total))
      return new DomainError('invalid_price', 'The order total is too large to record exactly.');
    return [
      {
        type: 'OrderPlaced',
        data: {
          order_id: orderId,
          customer_id: customerId,
          currency,
          items: items.map((line) => ({ ...line, name: line.name.trim() })),
          total,
        },
      },
    ];
  }
  if (state.status === 'none')
    return new DomainError('order_not_found', `There is no order ${orderId}.`);
  switch (command.type) {
    case 'RecordPayment': {
      const { paymentId, amount, method } = command.data;
      if (state.status !== 'Placed') return wrongStatus(orderId, state.status, 'paid', 'Placed');
      if (!isValidId(paymentId))
        return new DomainError('invalid_id', `“${paymentId}” is not a valid payment id.`);
      if (!paymentMethods.includes(method))
        return new DomainError('invalid_method', 'Choose card, cash or bank transfer.');
      if (amount !== state.total)
        return new DomainError(
          'amount_mismatch',
          'The payment must equal the order total: partial payments are not accepted.',
        );
      return [
        {
          type: 'PaymentProcessed',
          data: { order_id: orderId, payment_id: paymentId, amount, method },
        },
      ];
    }
    case 'ShipOrder': {
      if (state.status !== 'Paid') return wrongStatus(orderId, state.status, 'shipped', 'Paid');
      const carrier = command.data.carrier.trim();
      const trackingNumber = command.data.trackingNumber.trim();
      if (carrier === '' || trackingNumber === '')
        return new DomainError(
          'missing_shipping_details',
          'Enter both the carrier and the tracking number.',
        );
      return [
        {
          type: 'OrderShipped',
          data: { order_id: orderId, carrier, tracking_number: trackingNumber },
        },
      ];
    }
    case 'MarkDelivered':
      if (state.status !== 'Shipped')
        return wrongStatus(orderId, state.status, 'marked delivered', 'Shipped');
      return [{ type: 'OrderDelivered', data: { order_id: orderId } }];
    case 'CancelOrder': {
      if (state.status !== 'Placed' && state.status !== 'Paid')
        return wrongStatus(orderId, state.status, 'cancelled', 'Placed or Paid');
      const reason = command.data.reason.trim();
      if (reason === '') return new DomainError('missing_reason', 'Give a reason.');
      const cancelled: OrderEvent = { type: 'OrderCancelled', data: { order_id: orderId, reason } };
      if (state.status === 'Placed' || state.paymentId === undefined) return [cancelled];
      return [
        cancelled,
        {
          type: 'PaymentRefunded',
          data: { order_id: orderId, payment_id: state.paymentId, amount: state.total, reason },
        },
      ];
    }
    case 'RefundOrder': {
      if (state.status !== 'Delivered' || state.paymentId === undefined)
        return wrongStatus(orderId, state.status, 'refunded', 'Delivered');
      const reason = command.data.reason.trim();
      if (reason === '') return new DomainError('missing_reason', 'Give a reason.');
      return [
        {
          type: 'PaymentRefunded',
          data: { order_id: orderId, payment_id: state.paymentId, amount: state.total, reason },
        },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderPlaced':
      return {
        status: 'Placed',
        orderId: event.data.order_id,
        customerId: event.data.customer_id,
        currency: event.data.currency,
        total: event.data.total,
      };
    case 'PaymentProcessed':
      return state.status === 'none'
        ? state
        : { ...state, status: 'Paid', paymentId: event.data.payment_id };
    case 'OrderShipped':
      return state.status === 'none' ? state : { ...state, status: 'Shipped' };
    case 'OrderDelivered':
      return state.status === 'none' ? state : { ...state, status: 'Delivered' };
    case 'OrderCancelled':
      return state.status === 'none' ? state : { ...state, status: 'Cancelled' };
    case 'PaymentRefunded':
      // A refund after cancellation keeps the order Cancelled; after delivery it is a return.
      return state.status === 'none' || state.status === 'Cancelled'
        ? state
        : { ...state, status: 'Refunded' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const orderDecider: Decider<OrderCommand, OrderState, OrderEvent, OrderContext> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
