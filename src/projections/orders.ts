import { List as IList, Map as IMap } from 'immutable';
import type { OrderLine, PaymentMethod, StoredEvent } from '../domain/events';
import type { OrderStatus } from '../domain/order';
import type { Draft } from './projection';
import {
  ListOverlay,
  Overlay,
  batchProjection,
  ignoreUnknownEvent,
  statusAfter,
} from './projection';

export interface OrderPayment {
  readonly paymentId: string;
  readonly amount: number;
  readonly method: PaymentMethod;
  readonly at: string;
}
export interface OrderShipment {
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly at: string;
}
export interface OrderCancellation {
  readonly reason: string;
  readonly at: string;
}
export interface OrderRefund {
  readonly paymentId: string;
  readonly amount: number;
  readonly reason: string;
  readonly at: string;
}

/**
 * One order as the order screens show it. Replaced, never edited, once in a state. The projection
 * always sets every key (undefined until it applies): one object shape for all orders keeps V8
 * fast; the optional marks let others build views by hand (tests, fixtures).
 */
export interface OrderView {
  readonly orderId: string;
  readonly customerId: string;
  /** The customer's current name; the customer id while the customer is unknown. */
  readonly customerName: string;
  readonly status: OrderStatus;
  readonly currency: string;
  readonly total: number;
  /** Σ quantities. */
  readonly itemCount: number;
  readonly lines: readonly Readonly<OrderLine>[];
  readonly placedAt: string;
  /** Time of the order's latest event. */
  readonly lastChangeAt: string;
  readonly payment?: OrderPayment | undefined;
  readonly shipment?: OrderShipment | undefined;
  readonly deliveredAt?: string | undefined;
  readonly cancellation?: OrderCancellation | undefined;
  readonly refund?: OrderRefund | undefined;
  /** Global positions of the order's own events, oldest first. */
  readonly history: readonly number[];
  /** The order stream's version. */
  readonly version: number;
}

export interface OrdersState {
  readonly orders: IMap<string, OrderView>;
  /** Order ids in placing order (log order): lists page through it without sorting. */
  readonly orderIds: IList<string>;
  /** Customer names, so that every order shows its customer's current name. */
  readonly customerNames: IMap<string, string>;
  /** Order ids per customer, in placing order: renames touch only these; the customer page lists them. */
  readonly ordersByCustomer: IMap<string, IList<string>>;
}

/** An orders state, made with `new` (see `WorkingCopy`). */
class OrdersStateValue implements OrdersState {
  constructor(
    readonly orders: IMap<string, OrderView>,
    readonly orderIds: IList<string>,
    readonly customerNames: IMap<string, string>,
    readonly ordersByCustomer: IMap<string, IList<string>>,
  ) {}
}

const initialState: OrdersState = new OrdersStateValue(IMap(), IList(), IMap(), IMap());

const draftOf = (order: OrderView): Draft<OrderView> => ({ ...order });

/**
 * A batch in progress (see `Overlay`). The customers and dashboard read models are built on this
 * one: in the desk they read the same working copy, before it applies each event.
 */
export class OrdersWorking {
  private readonly orders: Overlay<OrderView, Draft<OrderView>>;
  private readonly orderIds: ListOverlay<string>;
  private readonly customerNames: Overlay<string>;
  private readonly ordersByCustomer: Overlay<IList<string>>;

  constructor(private readonly base: OrdersState) {
    this.orders = new Overlay(base.orders);
    this.orderIds = new ListOverlay(base.orderIds);
    this.customerNames = new Overlay(base.customerNames);
    this.ordersByCustomer = new Overlay(base.ordersByCustomer);
  }

  commit(): OrdersState {
    if (!this.orders.changed && !this.customerNames.changed) return this.base;
    return new OrdersStateValue(
      this.orders.commit(),
      this.orderIds.commit(),
      this.customerNames.commit(),
      this.ordersByCustomer.commit(),
    );
  }

  add(events: readonly StoredEvent[]): void {
    for (const event of events) this.apply(event);
  }

  /** The order as of the events applied so far. */
  order(orderId: string): OrderView | undefined {
    return this.orders.get(orderId);
  }

  /** The customer's name as of the events applied so far. */
  customerName(customerId: string): string | undefined {
    return this.customerNames.get(customerId);
  }

  private setCustomerName(customerId: string, name: string): void {
    this.customerNames.put(customerId, name);
    const ids = this.ordersByCustomer.get(customerId);
    if (ids === undefined) return;
    for (const orderId of ids) {
      if (this.orders.get(orderId)?.customerName === name) continue;
      const order = this.orders.edit(orderId, draftOf);
      if (order !== undefined) order.customerName = name;
    }
  }

  /** The order's editable copy with the event recorded in its history; undefined if unknown. */
  private touch(orderId: string, event: StoredEvent): Draft<OrderView> | undefined {
    const order = this.orders.edit(orderId, draftOf);
    // Events of an order that was never placed cannot come from the deciders; ignoring them
    // keeps evolve total.
    if (order === undefined) return undefined;
    order.lastChangeAt = event.time;
    // A new array of the exact size, not a push: histories stay small in memory, and an array
    // that is already in a state is never edited.
    order.history = [...order.history, event.position];
    order.version = event.streamVersion;
    return order;
  }

  apply(event: StoredEvent): void {
    switch (event.type) {
      case 'CustomerRegistered': {
        const { customer_id, name } = event.data;
        // A second registration cannot come from the decider; the first one stands.
        if (!this.customerNames.has(customer_id)) this.setCustomerName(customer_id, name);
        return;
      }
      case 'CustomerDetailsChanged': {
        const { customer_id, name } = event.data;
        if (name !== undefined && this.customerNames.has(customer_id))
          this.setCustomerName(customer_id, name);
        return;
      }
      case 'OrderPlaced': {
        const { order_id, customer_id, currency, items, total } = event.data;
        if (this.orders.has(order_id)) return;
        let itemCount = 0;
        for (const line of items) itemCount += line.quantity;
        this.orders.put(order_id, {
          orderId: order_id,
          customerId: customer_id,
          customerName: this.customerNames.get(customer_id) ?? customer_id,
          status: 'Placed',
          currency,
          total,
          itemCount,
          lines: items,
          placedAt: event.time,
          lastChangeAt: event.time,
          payment: undefined,
          shipment: undefined,
          deliveredAt: undefined,
          cancellation: undefined,
          refund: undefined,
          history: [event.position],
          version: event.streamVersion,
        });
        this.orderIds.push(order_id);
        const ids = this.ordersByCustomer.get(customer_id) ?? IList<string>();
        this.ordersByCustomer.put(customer_id, ids.push(order_id));
        return;
      }
      case 'PaymentProcessed': {
        const { order_id, payment_id, amount, method } = event.data;
        const order = this.touch(order_id, event);
        if (order === undefined) return;
        order.status = statusAfter(order.status, event.type);
        order.payment = { paymentId: payment_id, amount, method, at: event.time };
        return;
      }
      case 'OrderShipped': {
        const { order_id, carrier, tracking_number } = event.data;
        const order = this.touch(order_id, event);
        if (order === undefined) return;
        order.status = statusAfter(order.status, event.type);
        order.shipment = { carrier, trackingNumber: tracking_number, at: event.time };
        return;
      }
      case 'OrderDelivered': {
        const order = this.touch(event.data.order_id, event);
        if (order === undefined) return;
        order.status = statusAfter(order.status, event.type);
        order.deliveredAt = event.time;
        return;
      }
      case 'OrderCancelled': {
        const order = this.touch(event.data.order_id, event);
        if (order === undefined) return;
        order.status = statusAfter(order.status, event.type);
        order.cancellation = { reason: event.data.reason, at: event.time };
        return;
      }
      case 'PaymentRefunded': {
        const { order_id, payment_id, amount, reason } = event.data;
        const order = this.touch(order_id, event);
        if (order === undefined) return;
        order.status = statusAfter(order.status, event.type);
        order.refund = { paymentId: payment_id, amount, reason, at: event.time };
        return;
      }
      default:
        ignoreUnknownEvent(event, undefined);
    }
  }
}

/** Orders with their customer's current name, payment, shipment, cancellation and refund. */
export const ordersProjection = batchProjection(initialState, (state) => new OrdersWorking(state));

/** A customer's orders, oldest first. */
export function ordersOfCustomer(state: OrdersState, customerId: string): OrderView[] {
  const ids = state.ordersByCustomer.get(customerId);
  if (ids === undefined) return [];
  const result: OrderView[] = [];
  for (const id of ids) {
    const order = state.orders.get(id);
    if (order !== undefined) result.push(order);
  }
  return result;
}
