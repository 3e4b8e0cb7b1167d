import { Map as IMap } from 'immutable';
import type { EventType, OrderEvent, StoredEvent } from '../domain/events';
import type { OrderStatus } from '../domain/order';
import type { OrdersState } from './orders';
import { OrdersWorking, ordersProjection } from './orders';
import type { Draft } from './projection';
import {
  Overlay,
  addTo,
  batchProjection,
  ignoreUnknownEvent,
  statusAfter,
  utcDay,
} from './projection';
import { summarize } from './summary';

/** How many events the recent activity keeps. */
export const RECENT_ACTIVITY_SIZE = 20;

export interface ActivityItem {
  readonly position: number;
  readonly time: string;
  readonly type: EventType;
  readonly streamId: string;
  readonly summary: string;
}

export interface DashboardTotals {
  readonly orders: number;
  readonly customers: number;
  readonly events: number;
}

export interface DashboardState {
  /** Orders per status; every status is present. */
  readonly statusCounts: Readonly<Record<OrderStatus, number>>;
  /** UTC day 'YYYY-MM-DD' → currency → payments minus refunds that day, in minor units. */
  readonly revenueByDay: IMap<string, Readonly<Record<string, number>>>;
  /** The latest events, newest first, at most RECENT_ACTIVITY_SIZE. */
  readonly recentActivity: readonly ActivityItem[];
  readonly totals: DashboardTotals;
  /**
   * The orders read model this one is built on: an order's status before an event (to move the
   * counts), its currency (payments carry only an amount), customer names for the summaries. In
   * the desk, the very same object as the desk's orders.
   */
  readonly orders: OrdersState;
}

/** A dashboard state, made with `new` (see `WorkingCopy`). */
class DashboardStateValue implements DashboardState {
  constructor(
    readonly statusCounts: Readonly<Record<OrderStatus, number>>,
    readonly revenueByDay: IMap<string, Readonly<Record<string, number>>>,
    readonly recentActivity: readonly ActivityItem[],
    readonly totals: DashboardTotals,
    readonly orders: OrdersState,
  ) {}
}

const initialState: DashboardState = new DashboardStateValue(
  { Placed: 0, Paid: 0, Shipped: 0, Delivered: 0, Cancelled: 0, Refunded: 0 },
  IMap(),
  [],
  { orders: 0, customers: 0, events: 0 },
  ordersProjection.initialState,
);

/**
 * A batch in progress (see `Overlay`). It reads orders from `orders` before that applies each event;
 * alone, it applies the events to its own orders working copy, in the desk the desk does.
 */
export class DashboardWorking {
  private readonly revenueByDay: Overlay<Readonly<Record<string, number>>>;
  private readonly statusCounts: Record<OrderStatus, number>;
  private readonly totals: Draft<DashboardTotals>;
  private recentActivity: readonly ActivityItem[];
  private readonly ownsOrders: boolean;
  private readonly orders: OrdersWorking;

  constructor(
    private readonly base: DashboardState,
    orders?: OrdersWorking,
  ) {
    this.revenueByDay = new Overlay(base.revenueByDay);
    this.statusCounts = { ...base.statusCounts };
    this.totals = { ...base.totals };
    this.recentActivity = base.recentActivity;
    this.ownsOrders = orders === undefined;
    this.orders = orders ?? new OrdersWorking(base.orders);
  }

  /** The state, built on `orders` (in the desk, the desk's committed orders). */
  commit(orders: OrdersState = this.orders.commit()): DashboardState {
    // Every event counts in the totals: no event leaves the dashboard as it was.
    if (this.totals.events === this.base.totals.events) return this.base;
    return new DashboardStateValue(
      { ...this.statusCounts },
      this.revenueByDay.commit(),
      this.recentActivity,
      { ...this.totals },
      orders,
    );
  }

  add(events: readonly StoredEvent[]): void {
    const firstShown = events.length - RECENT_ACTIVITY_SIZE;
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      if (event !== undefined) this.apply(event, index >= firstShown);
    }
  }

  /**
   * `withActivity` false skips the summary. Batches pass it for the events that later events of
   * the same chunk push out of the recent activity anyway (the summary is the costliest part).
   */
  apply(event: StoredEvent, withActivity: boolean): void {
    if (withActivity) this.record(event);
    this.applyOwn(event);
    if (this.ownsOrders) this.orders.apply(event);
  }

  private record(event: StoredEvent): void {
    const item: ActivityItem = {
      position: event.position,
      time: event.time,
      type: event.type,
      streamId: event.streamId,
      summary: summarize(event, {
        customerName: (id) => this.orders.customerName(id),
        orderCurrency: (id) => this.orders.order(id)?.currency,
      }),
    };
    this.recentActivity = [item, ...this.recentActivity.slice(0, RECENT_ACTIVITY_SIZE - 1)];
  }

  /** Moves the order to the status after `type`, and books `revenue` (if any) on the event's day. */
  private orderEvent(
    event: StoredEvent,
    orderId: string,
    type: OrderEvent['type'],
    revenue?: number,
  ): void {
    const order = this.orders.order(orderId);
    if (order === undefined) return;
    if (revenue !== undefined) {
      const day = utcDay(event.time);
      this.revenueByDay.put(day, addTo(this.revenueByDay.get(day) ?? {}, order.currency, revenue));
    }
    const status = statusAfter(order.status, type);
    if (status === order.status) return;
    this.statusCounts[order.status] -= 1;
    this.statusCounts[status] += 1;
  }

  private applyOwn(event: StoredEvent): void {
    this.totals.events += 1;
    switch (event.type) {
      case 'CustomerRegistered':
        // A second registration cannot come from the decider; the first one stands.
        if (this.orders.customerName(event.data.customer_id) === undefined)
          this.totals.customers += 1;
        return;
      case 'CustomerDetailsChanged':
        return;
      case 'OrderPlaced':
        if (this.orders.order(event.data.order_id) !== undefined) return;
        this.statusCounts.Placed += 1;
        this.totals.orders += 1;
        return;
      case 'PaymentProcessed':
        this.orderEvent(event, event.data.order_id, event.type, event.data.amount);
        return;
      case 'PaymentRefunded':
        this.orderEvent(event, event.data.order_id, event.type, -event.data.amount);
        return;
      case 'OrderShipped':
      case 'OrderDelivered':
      case 'OrderCancelled':
        this.orderEvent(event, event.data.order_id, event.type);
        return;
      default:
        ignoreUnknownEvent(event, undefined);
    }
  }
}

/** Order counts per status, revenue per day, recent activity and totals. */
export const dashboardProjection = batchProjection(
  initialState,
  (state) => new DashboardWorking(state),
);

/** Revenue per day in day order, for charts and tables. */
export function revenueSeries(
  state: DashboardState,
): { readonly day: string; readonly amounts: Readonly<Record<string, number>> }[] {
  return [...state.revenueByDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, amounts]) => ({ day, amounts }));
}
