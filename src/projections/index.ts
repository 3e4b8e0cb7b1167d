import type { StoredEvent } from '../domain/events';
import type { CustomersState } from './customers';
import { CustomersWorking, customersProjection } from './customers';
import type { DashboardState } from './dashboard';
import { DashboardWorking, RECENT_ACTIVITY_SIZE, dashboardProjection } from './dashboard';
import type { OrdersState } from './orders';
import { OrdersWorking, ordersProjection } from './orders';
import type { WorkingCopy } from './projection';
import { batchProjection } from './projection';

/** Everything the desk's screens read, as of one position in the log. */
export interface DeskState {
  readonly orders: OrdersState;
  readonly customers: CustomersState;
  readonly dashboard: DashboardState;
  /** The position of the last applied event; 0 before the first. */
  readonly position: number;
}

/** A desk state, made with `new` (see `WorkingCopy`). */
class DeskStateValue implements DeskState {
  constructor(
    readonly orders: OrdersState,
    readonly customers: CustomersState,
    readonly dashboard: DashboardState,
    readonly position: number,
  ) {}
}

const initialState: DeskState = new DeskStateValue(
  ordersProjection.initialState,
  customersProjection.initialState,
  dashboardProjection.initialState,
  0,
);

/**
 * One pass per chunk: for each event the dashboard and customers read the orders working copy as it
 * was before the event, then the orders read model applies it. All three share one orders state.
 */
class Working implements WorkingCopy<DeskState> {
  private readonly orders: OrdersWorking;
  private readonly customers: CustomersWorking;
  private readonly dashboard: DashboardWorking;
  private position: number;
  private added = false;

  constructor(private readonly base: DeskState) {
    this.orders = new OrdersWorking(base.orders);
    this.customers = new CustomersWorking(base.customers, this.orders);
    this.dashboard = new DashboardWorking(base.dashboard, this.orders);
    this.position = base.position;
  }

  add(events: readonly StoredEvent[]): void {
    const firstShown = events.length - RECENT_ACTIVITY_SIZE;
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      if (event === undefined) continue;
      this.dashboard.apply(event, index >= firstShown);
      this.customers.apply(event);
      this.orders.apply(event);
      this.position = event.position;
      this.added = true;
    }
  }

  commit(): DeskState {
    if (!this.added) return this.base;
    const orders = this.orders.commit();
    return new DeskStateValue(
      orders,
      this.customers.commit(orders),
      this.dashboard.commit(orders),
      this.position,
    );
  }
}

/**
 * Everything the desk's screens read. `foldEvents` applies a batch in log order: the same state as
 * `evolve` one by one, several times faster; `startBatch` does the same for a log read in chunks.
 */
export const deskProjection = batchProjection(initialState, (state) => new Working(state));

export const foldEvents = deskProjection.foldEvents;

export type { Projection, ProjectionBatch } from './projection';
export { statusAfter, utcDay } from './projection';
export type {
  OrderCancellation,
  OrderPayment,
  OrderRefund,
  OrderShipment,
  OrderView,
  OrdersState,
} from './orders';
export { ordersOfCustomer, ordersProjection } from './orders';
export type { CustomersState, CustomerView } from './customers';
export { customersProjection } from './customers';
export type { ActivityItem, DashboardState, DashboardTotals } from './dashboard';
export { RECENT_ACTIVITY_SIZE, dashboardProjection, revenueSeries } from './dashboard';
export type { SummaryContext } from './summary';
export { summarize } from './summary';
export { collationRanks, textCollator } from './collation';
export { partitionPoint } from './sortedIndex';
export { DEFAULT_LOCALE, formatMoney, minorUnitsPerMajor } from './money';
