import { customerEventProblem } from './customer';
import { DomainError } from './errors';
import type { CustomerEvent } from './events';
import {
  evolveOrder,
  orderEventProblem,
  refundOwed,
  type OrderEventFacts,
  type OrderState,
} from './order';

/** What the rules read of an event; a whole event is one. */
export type EventFacts =
  OrderEventFacts | { type: CustomerEvent['type']; data: { customer_id: string } };

/**
 * What the check keeps of one order between its events. A caller that keeps a record per stream
 * anyway (an import, for stream versions) hands it in: one lookup per event, not two, over a
 * million events.
 */
export interface OrderSlot {
  state?: OrderState;
}

/** What the log holds already, as far as the rules need it. */
export interface LoggedStreams {
  customerExists(customerId: string): boolean;
  /** The order's state folded from the log (no order: `{ status: 'none' }`). */
  orderState(orderId: string): OrderState;
}

/**
 * Replays events, in order, on top of a log through the rules the deciders enforce (the order
 * lifecycle, payments and refunds, customers registered once and before their orders): what an
 * import checks, so that a file cannot bring in a history the desk's commands could never write.
 * Field limits and emails are checked with each event's payload (validation.ts); unique emails
 * by the store as it appends.
 */
export class HistoryCheck {
  /** The orders' slots, for callers that keep none. */
  private readonly orders = new Map<string, OrderSlot>();
  private readonly customers = new Set<string>();
  /** The order cancelled after payment by the last event: its refund must come next. */
  private owedRefund: string | null = null;

  constructor(private readonly log: LoggedStreams) {}

  /**
   * The rule `event` breaks after the events before it, or undefined (it is then folded in).
   * `slot` is the caller's record of the event's order, if it keeps one.
   */
  next(event: EventFacts, slot?: OrderSlot): DomainError | undefined {
    const owed = this.owedRefund;
    this.owedRefund = null;
    if (owed !== null && !(event.type === 'PaymentRefunded' && event.data.order_id === owed))
      return refundMissing(owed);
    switch (event.type) {
      case 'CustomerRegistered':
      case 'CustomerDetailsChanged': {
        const problem = customerEventProblem(this.isCustomer(event.data.customer_id), event);
        if (problem === undefined && event.type === 'CustomerRegistered')
          this.customers.add(event.data.customer_id);
        return problem;
      }
      case 'OrderPlaced':
      case 'PaymentProcessed':
      case 'OrderShipped':
      case 'OrderDelivered':
      case 'OrderCancelled':
      case 'PaymentRefunded': {
        const orderId = event.data.order_id;
        const order = slot ?? this.slotOf(orderId);
        const state = order.state ?? this.log.orderState(orderId);
        const problem = orderEventProblem(
          state,
          event,
          event.type === 'OrderPlaced'
            ? { customerExists: this.isCustomer(event.data.customer_id) }
            : placedOrder,
        );
        if (problem !== undefined) return problem;
        order.state = evolveOrder(state, event);
        if (event.type === 'OrderCancelled' && refundOwed(order.state)) this.owedRefund = orderId;
        return undefined;
      }
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  }

  /** The rule the history breaks as a whole once it ends: a paid cancellation without refund. */
  end(): DomainError | undefined {
    return this.owedRefund === null ? undefined : refundMissing(this.owedRefund);
  }

  private slotOf(orderId: string): OrderSlot {
    let slot = this.orders.get(orderId);
    if (!slot) {
      slot = {};
      this.orders.set(orderId, slot);
    }
    return slot;
  }

  private isCustomer(customerId: string): boolean {
    return this.customers.has(customerId) || this.log.customerExists(customerId);
  }
}

/** The context of an event on an order already placed: its customer was checked then. */
const placedOrder = { customerExists: true };

const refundMissing = (orderId: string): DomainError =>
  new DomainError(
    'refund_missing',
    `Order ${orderId} was cancelled after it was paid, but its refund does not follow: cancelling a paid order records the full refund with it.`,
  );
