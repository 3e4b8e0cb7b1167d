import { Map as IMap } from 'immutable';
import type { StoredEvent } from '../domain/events';
import { collationRanks, textCollator } from './collation';
import type { OrdersState } from './orders';
import { OrdersWorking, ordersProjection } from './orders';
import type { Draft } from './projection';
import { Overlay, addTo, batchProjection, ignoreUnknownEvent } from './projection';
import { SortedIndex } from './sortedIndex';

/**
 * One customer as the customer screens show it. Replaced, never edited, once in a state. The
 * projection always sets every key (undefined until it applies), as in OrderView.
 */
export interface CustomerView {
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
  readonly shippingAddress?: string | undefined;
  readonly registeredAt: string;
  /** Orders placed, whatever became of them. */
  readonly orderCount: number;
  /**
   * Paid minus refunded, per currency (ISO 4217 → minor units). Per currency because nothing in the
   * catalog ties a customer to one currency; a currency stays listed once used, even at 0.
   */
  readonly lifetimeValue: Readonly<Record<string, number>>;
  readonly lastOrderAt?: string | undefined;
  /** Global positions of the customer stream's events, oldest first. */
  readonly history: readonly number[];
  /** The customer stream's version. */
  readonly version: number;
}

/** A customer's place in the name order. */
export interface NameEntry {
  readonly name: string;
  readonly customerId: string;
}

const byId = (a: NameEntry, b: NameEntry): number =>
  a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;

/** By name as the collator orders it, then by id: the customer list's default order. */
const byNameThenId = (a: NameEntry, b: NameEntry): number =>
  // Many customers share a name, and the same string needs no collator (ICU, slow) to compare.
  (a.name === b.name ? 0 : textCollator.compare(a.name, b.name)) || byId(a, b);

export interface CustomersState {
  readonly customers: IMap<string, CustomerView>;
  /**
   * Every customer in name order: the list's first page at any moment of the timeline is a walk
   * down it, not a pass over tens of thousands of customers.
   */
  readonly byName: SortedIndex<NameEntry>;
  /**
   * The orders read model this one is built on: payments and refunds name only the order, whose
   * customer and currency come from here. In the desk, the very same object as the desk's orders.
   */
  readonly orders: OrdersState;
}

/** A customers state, made with `new` (see `WorkingCopy`). */
class CustomersStateValue implements CustomersState {
  constructor(
    readonly customers: IMap<string, CustomerView>,
    readonly byName: SortedIndex<NameEntry>,
    readonly orders: OrdersState,
  ) {}
}

const initialState: CustomersState = new CustomersStateValue(
  IMap(),
  SortedIndex.empty(byNameThenId),
  ordersProjection.initialState,
);

const draftOf = (customer: CustomerView): Draft<CustomerView> => ({ ...customer });

/**
 * A batch in progress (see `Overlay`). It reads orders from `orders` before that applies each event;
 * alone, it applies the events to its own orders working copy, in the desk the desk does.
 */
export class CustomersWorking {
  private readonly customers: Overlay<CustomerView, Draft<CustomerView>>;
  /** Customers named in this batch (registered or renamed), with their name before it, if any. */
  private readonly named = new Map<string, string | undefined>();
  private readonly ownsOrders: boolean;
  private readonly orders: OrdersWorking;

  constructor(
    private readonly base: CustomersState,
    orders?: OrdersWorking,
  ) {
    this.customers = new Overlay(base.customers);
    this.ownsOrders = orders === undefined;
    this.orders = orders ?? new OrdersWorking(base.orders);
  }

  /** The state, built on `orders` (in the desk, the desk's committed orders). */
  commit(orders: OrdersState = this.orders.commit()): CustomersState {
    if (!this.customers.changed && orders === this.base.orders) return this.base;
    return new CustomersStateValue(this.customers.commit(), this.commitNames(), orders);
  }

  /** The name index with each customer named in this batch at its new place. */
  private commitNames(): SortedIndex<NameEntry> {
    let byName = this.base.byName;
    const moved: { entry: NameEntry; before: string | undefined }[] = [];
    for (const [customerId, before] of this.named) {
      const name = this.customers.get(customerId)?.name;
      if (name !== undefined && name !== before)
        moved.push({ entry: { name, customerId }, before });
    }
    // At least as many as the index held (a long log's first fold): sorted by rank, each distinct
    // name compared once, and built whole, rather than each compared with ~log₂ n others.
    if (moved.length >= 64 && moved.length >= byName.size) {
      const renamed = new Set(moved.map(({ entry }) => entry.customerId));
      // Not push(...moved): a call's arguments overflow the stack at a few hundred thousand.
      const entries = byName
        .first(byName.size)
        .filter((entry) => !renamed.has(entry.customerId))
        .concat(moved.map(({ entry }) => entry));
      const { ranks } = collationRanks(entries.map((entry) => entry.name));
      const rank = (entry: NameEntry) => ranks.get(entry.name) ?? 0;
      entries.sort((a, b) => rank(a) - rank(b) || byId(a, b));
      return SortedIndex.fromSorted(entries, byNameThenId);
    }
    for (const { entry, before } of moved) {
      if (before !== undefined)
        byName = byName.delete({ name: before, customerId: entry.customerId });
      byName = byName.add(entry);
    }
    return byName;
  }

  add(events: readonly StoredEvent[]): void {
    for (const event of events) this.apply(event);
  }

  /** Adds `delta` to the lifetime value of the order's customer. */
  private addValue(orderId: string, delta: number): void {
    const order = this.orders.order(orderId);
    if (order === undefined) return;
    const customer = this.customers.edit(order.customerId, draftOf);
    // A new record: the one in the draft may be shared with an older state.
    if (customer !== undefined)
      customer.lifetimeValue = addTo(customer.lifetimeValue, order.currency, delta);
  }

  apply(event: StoredEvent): void {
    this.applyOwn(event);
    if (this.ownsOrders) this.orders.apply(event);
  }

  private applyOwn(event: StoredEvent): void {
    switch (event.type) {
      case 'CustomerRegistered': {
        const { customer_id, name, email, shipping_address } = event.data;
        // A second registration cannot come from the decider; the first one stands.
        if (this.customers.has(customer_id)) return;
        this.customers.put(customer_id, {
          customerId: customer_id,
          name,
          email,
          // As in customerDecider.evolve: an empty address is no address.
          shippingAddress: shipping_address === '' ? undefined : shipping_address,
          registeredAt: event.time,
          orderCount: 0,
          lifetimeValue: {},
          lastOrderAt: undefined,
          history: [event.position],
          version: event.streamVersion,
        });
        this.named.set(customer_id, undefined);
        return;
      }
      case 'CustomerDetailsChanged': {
        const { customer_id, name, email, shipping_address } = event.data;
        const customer = this.customers.edit(customer_id, draftOf);
        if (customer === undefined) return;
        customer.history = [...customer.history, event.position];
        customer.version = event.streamVersion;
        if (name !== undefined) {
          if (!this.named.has(customer_id)) this.named.set(customer_id, customer.name);
          customer.name = name;
        }
        if (email !== undefined) customer.email = email;
        // As in customerDecider.evolve: an empty address removes it.
        if (shipping_address !== undefined)
          customer.shippingAddress = shipping_address === '' ? undefined : shipping_address;
        return;
      }
      case 'OrderPlaced': {
        const { order_id, customer_id } = event.data;
        // The same order placed twice cannot come from the decider; the first one stands.
        if (this.orders.order(order_id) !== undefined) return;
        const customer = this.customers.edit(customer_id, draftOf);
        if (customer === undefined) return;
        customer.orderCount += 1;
        customer.lastOrderAt = event.time;
        return;
      }
      case 'PaymentProcessed':
        this.addValue(event.data.order_id, event.data.amount);
        return;
      case 'PaymentRefunded':
        this.addValue(event.data.order_id, -event.data.amount);
        return;
      case 'OrderShipped':
      case 'OrderDelivered':
      case 'OrderCancelled':
        return;
      default:
        ignoreUnknownEvent(event, undefined);
    }
  }
}

/** Customers with their order count, lifetime value and last order. */
export const customersProjection = batchProjection(
  initialState,
  (state) => new CustomersWorking(state),
);
