import type { DomainEvent, EventType, OrderEvent, StoredEvent } from '../domain/events';
import { eventTypes, paymentMethods } from '../domain/events';
import { orderStatuses, type OrderStatus } from '../domain/order';
import { Interned, bytes, floats, ints, type NumberColumn } from './columns';
import { ignoreUnknownEvent, statusAfter } from './projection';
import { StringNumbers } from '../lib/stringNumbers';

/** An event type's number in the model (its index in the catalog). */
export const typeNumber: Readonly<Record<EventType, number>> = Object.fromEntries(
  eventTypes.map((type, index) => [type, index]),
) as Record<EventType, number>;
/** The number of a type the catalog does not know (from a newer catalog that was not upcast). */
export const UNKNOWN_TYPE = 255;
/** No entity: the event is not one the views apply (see `DeskModel.apply`). */
export const NO_ENTITY = -1;
/** A status number outside `orderStatuses`: the event is not an order's. */
export const NO_STATUS = 255;
/** A payment method outside the catalog's, kept as text in `otherMethods`. */
export const OTHER_METHOD = 255;
/** Which fields a customer event sets, as bits. */
export const SETS_NAME = 1;
export const SETS_EMAIL = 2;
export const SETS_ADDRESS = 4;

const statusNumber = (status: OrderStatus): number => orderStatuses.indexOf(status);

/**
 * The desk's views of the whole log, as one model that only grows: every event the views apply
 * is kept, compactly, in columns (per event, per order, per customer, per payment…), so that the
 * desk as it was after any position N is read off the model at N (deskView.ts) without folding
 * anything again and without keeping a copy of the desk per moment. Events at or before N never
 * change, so what a view at N reads never changes either, however much the model grows.
 *
 * The rules of the views are the same as ever: an event that cannot come from the deciders (a
 * second registration, an order placed twice, a step of an order never placed) is left out
 * (`NO_ENTITY`), and an order's status after each of its events is `statusAfter` of the one before.
 */
export class DeskModel {
  // Per event, by position (index 0 stands for "before the first event").
  readonly eventType: NumberColumn<Uint8Array>;
  /** The order's or customer's number; NO_ENTITY for an event the views leave out. */
  readonly eventEntity: NumberColumn<Int32Array>;
  /** The position of the same entity's event before this one; 0 for its first. */
  readonly eventBefore: NumberColumn<Int32Array>;
  /** Recorded time, in milliseconds since the epoch. */
  readonly eventTime: NumberColumn<Float64Array>;
  /** The event's row in its type's table (payments, shipments, …); -1 for none. */
  readonly eventDetail: NumberColumn<Int32Array>;
  /** For an order's event: the order's status after it (index in orderStatuses). */
  readonly eventStatus: NumberColumn<Uint8Array>;

  // Orders, numbered in placing order (so orders placed by position N are a prefix).
  readonly orderIds: string[];
  readonly orderNumbers: StringNumbers;
  readonly orderPlaced: NumberColumn<Int32Array>;
  readonly orderCustomer: NumberColumn<Int32Array>;
  readonly orderCurrency: NumberColumn<Int32Array>;
  readonly orderTotal: NumberColumn<Float64Array>;
  readonly orderItems: NumberColumn<Int32Array>;
  /** Where the order's lines end in the line columns (they start where the order before's end). */
  readonly orderLinesEnd: NumberColumn<Int32Array>;
  /** The order before this one of the same customer; -1 for the customer's first. */
  readonly orderBeforeOfCustomer: NumberColumn<Int32Array>;
  /** The position of the order's latest event (set in place). */
  readonly orderLast: NumberColumn<Int32Array>;
  readonly lineProduct: NumberColumn<Int32Array>;
  readonly lineQuantity: NumberColumn<Int32Array>;
  readonly lineUnitPrice: NumberColumn<Float64Array>;
  /** Products as lines name them: `product_id` and `name`, numbered by the pair. */
  readonly productIds: string[];
  readonly productNames: string[];
  private readonly productNumbers = new Map<string, number>();
  readonly currencies: Interned;
  readonly carriers: Interned;

  // Customers, numbered in the order first mentioned (registered, or named by an order).
  readonly customerIds: string[];
  readonly customerNumbers: StringNumbers;
  /** The position of the customer's registration; 0 while not registered. */
  readonly customerRegistered: NumberColumn<Int32Array>;
  /** The position of the customer's latest event (set in place); 0 for none. */
  readonly customerLast: NumberColumn<Int32Array>;
  /** The position of the latest event that set the customer's name (set in place). */
  readonly customerNamed: NumberColumn<Int32Array>;
  /** The customer's latest order (set in place); -1 for none. */
  readonly customerLastOrder: NumberColumn<Int32Array>;
  /** Customers in registration order (so customers registered by position N are a prefix). */
  readonly registrations: NumberColumn<Int32Array>;

  // One row per event of each kind, in log order.
  readonly paymentIds: string[];
  /** The position of each payment's event (and of each refund's, below): rows by time. */
  readonly paymentPosition: NumberColumn<Int32Array>;
  readonly paymentAmount: NumberColumn<Float64Array>;
  readonly paymentMethod: NumberColumn<Uint8Array>;
  /** Payment methods outside the catalog, by payment row. */
  readonly otherMethods: Map<number, string>;
  readonly shipmentCarrier: NumberColumn<Int32Array>;
  readonly shipmentTracking: string[];
  readonly cancellationReasons: string[];
  readonly refundPaymentIds: string[];
  readonly refundPosition: NumberColumn<Int32Array>;
  readonly refundAmount: NumberColumn<Float64Array>;
  readonly refundReasons: string[];
  /** Customer events' fields: which they set (SETS_*), and the values (empty when not set). */
  readonly detailSets: NumberColumn<Uint8Array>;
  /** The position of each customer event (rows are in log order). */
  readonly detailPosition: NumberColumn<Int32Array>;
  readonly detailNames: string[];
  readonly detailEmails: string[];
  readonly detailAddresses: string[];

  constructor(parts?: ModelParts) {
    const p = parts;
    this.eventType = bytes(p?.eventType);
    this.eventEntity = ints(p?.eventEntity);
    this.eventBefore = ints(p?.eventBefore);
    this.eventTime = floats(p?.eventTime);
    this.eventDetail = ints(p?.eventDetail);
    this.eventStatus = bytes(p?.eventStatus);
    this.orderIds = p?.orderIds ?? [];
    this.orderNumbers = new StringNumbers(this.orderIds, p?.orderTable);
    this.orderPlaced = ints(p?.orderPlaced);
    this.orderCustomer = ints(p?.orderCustomer);
    this.orderCurrency = ints(p?.orderCurrency);
    this.orderTotal = floats(p?.orderTotal);
    this.orderItems = ints(p?.orderItems);
    this.orderLinesEnd = ints(p?.orderLinesEnd);
    this.orderBeforeOfCustomer = ints(p?.orderBeforeOfCustomer);
    this.orderLast = ints(p?.orderLast);
    this.lineProduct = ints(p?.lineProduct);
    this.lineQuantity = ints(p?.lineQuantity);
    this.lineUnitPrice = floats(p?.lineUnitPrice);
    this.productIds = p?.productIds ?? [];
    this.productNames = p?.productNames ?? [];
    this.currencies = new Interned(p?.currencies);
    this.carriers = new Interned(p?.carriers);
    this.customerIds = p?.customerIds ?? [];
    this.customerNumbers = new StringNumbers(this.customerIds, p?.customerTable);
    this.customerRegistered = ints(p?.customerRegistered);
    this.customerLast = ints(p?.customerLast);
    this.customerNamed = ints(p?.customerNamed);
    this.customerLastOrder = ints(p?.customerLastOrder);
    this.registrations = ints(p?.registrations);
    this.paymentIds = p?.paymentIds ?? [];
    this.paymentPosition = ints(p?.paymentPosition);
    this.paymentAmount = floats(p?.paymentAmount);
    this.paymentMethod = bytes(p?.paymentMethod);
    this.otherMethods = new Map(p?.otherMethods);
    this.shipmentCarrier = ints(p?.shipmentCarrier);
    this.shipmentTracking = p?.shipmentTracking ?? [];
    this.cancellationReasons = p?.cancellationReasons ?? [];
    this.refundPaymentIds = p?.refundPaymentIds ?? [];
    this.refundPosition = ints(p?.refundPosition);
    this.refundAmount = floats(p?.refundAmount);
    this.refundReasons = p?.refundReasons ?? [];
    this.detailSets = bytes(p?.detailSets);
    this.detailPosition = ints(p?.detailPosition);
    this.detailNames = p?.detailNames ?? [];
    this.detailEmails = p?.detailEmails ?? [];
    this.detailAddresses = p?.detailAddresses ?? [];
    if (p === undefined) {
      // Position 0: before the first event.
      this.eventType.push(UNKNOWN_TYPE);
      this.eventEntity.push(NO_ENTITY);
      this.eventBefore.push(0);
      this.eventTime.push(Number.NaN);
      this.eventDetail.push(-1);
      this.eventStatus.push(NO_STATUS);
    } else {
      this.productIds.forEach((id, number) =>
        this.productNumbers.set(productKey(id, this.productNames[number] ?? ''), number),
      );
      checkParts(this);
    }
  }

  /**
   * The tails taken back so far (`truncate`), each with how many orders and customer events
   * were left: what was computed from rows beyond those counts (caches of the views) is stale.
   */
  readonly rewrites: { readonly orders: number; readonly details: number }[] = [];

  /** The position of the last event applied; 0 before the first. */
  get head(): number {
    return this.eventType.length - 1;
  }

  /**
   * The fewest orders and customer events left by a truncation after the first `seen` ones
   * (Infinity when none came since): rows from there on may not be the rows they were.
   */
  cutSince(seen: number): { orders: number; details: number } {
    let orders = Number.POSITIVE_INFINITY;
    let details = Number.POSITIVE_INFINITY;
    for (const rewrite of this.rewrites.slice(seen)) {
      orders = Math.min(orders, rewrite.orders);
      details = Math.min(details, rewrite.details);
    }
    return { orders, details };
  }

  /**
   * Takes back every event after `position`, as if they had never been applied: the tail of
   * events not yet confirmed by a sync server, which are decided again after the server's
   * events. Views at or before `position` are untouched (what they read never changes); views
   * after it are of a log that is no more. Customers first named in the tail keep their numbers,
   * unregistered, and names of products, currencies and carriers stay known: no view shows them.
   */
  truncate(position: number): void {
    for (let p = this.head; p > position; p--) this.takeBack(p);
    this.rewrites.push({ orders: this.orderCount, details: this.detailSets.length });
  }

  /** Undoes the event at `position`, the last one applied. */
  private takeBack(position: number): void {
    const entity = this.eventEntity.get(position);
    const before = this.eventBefore.get(position);
    const detail = this.eventDetail.get(position);
    const type = eventTypes[this.eventType.get(position)];
    if (entity !== NO_ENTITY && type !== undefined)
      switch (type) {
        case 'CustomerRegistered':
          this.customerRegistered.set(entity, 0);
          this.registrations.truncate(this.registrations.length - 1);
          this.customerLast.set(entity, before);
          this.customerNamed.set(entity, 0);
          this.takeBackDetail(detail);
          break;
        case 'CustomerDetailsChanged':
          this.customerLast.set(entity, before);
          if ((this.detailSets.get(detail) & SETS_NAME) !== 0)
            this.customerNamed.set(entity, this.namedBefore(before));
          this.takeBackDetail(detail);
          break;
        case 'OrderPlaced': {
          const customer = this.orderCustomer.get(entity);
          this.customerLastOrder.set(customer, this.orderBeforeOfCustomer.get(entity));
          this.orderNumbers.truncate(entity);
          this.orderIds.length = entity;
          for (const column of [
            this.orderPlaced,
            this.orderCustomer,
            this.orderCurrency,
            this.orderTotal,
            this.orderItems,
            this.orderLinesEnd,
            this.orderBeforeOfCustomer,
            this.orderLast,
          ])
            column.truncate(entity);
          const lines = entity === 0 ? 0 : this.orderLinesEnd.get(entity - 1);
          for (const column of [this.lineProduct, this.lineQuantity, this.lineUnitPrice])
            column.truncate(lines);
          break;
        }
        case 'PaymentProcessed':
          this.orderLast.set(entity, before);
          this.paymentIds.length = detail;
          for (const column of [this.paymentPosition, this.paymentAmount, this.paymentMethod])
            column.truncate(detail);
          this.otherMethods.delete(detail);
          break;
        case 'OrderShipped':
          this.orderLast.set(entity, before);
          this.shipmentTracking.length = detail;
          this.shipmentCarrier.truncate(detail);
          break;
        case 'OrderDelivered':
          this.orderLast.set(entity, before);
          break;
        case 'OrderCancelled':
          this.orderLast.set(entity, before);
          this.cancellationReasons.length = detail;
          break;
        case 'PaymentRefunded':
          this.orderLast.set(entity, before);
          this.refundPaymentIds.length = detail;
          this.refundReasons.length = detail;
          this.refundPosition.truncate(detail);
          this.refundAmount.truncate(detail);
          break;
        default:
          ignoreUnknownEvent(type, undefined);
      }
    for (const column of [
      this.eventType,
      this.eventEntity,
      this.eventBefore,
      this.eventTime,
      this.eventDetail,
      this.eventStatus,
    ])
      column.truncate(position);
  }

  /** The position of the customer's latest naming event at or before `position`; 0 for none. */
  private namedBefore(position: number): number {
    for (let p = position; p > 0; p = this.eventBefore.get(p))
      if ((this.detailSets.get(this.eventDetail.get(p)) & SETS_NAME) !== 0) return p;
    return 0;
  }

  private takeBackDetail(row: number): void {
    for (const column of [this.detailSets, this.detailPosition]) column.truncate(row);
    for (const texts of [this.detailNames, this.detailEmails, this.detailAddresses])
      texts.length = row;
  }

  get orderCount(): number {
    return this.orderIds.length;
  }

  get customerCount(): number {
    return this.customerIds.length;
  }

  /**
   * Applies events in log order, each at the position after the head (events at or before the
   * head are applied already and skipped). A gap would leave every later view wrong: it throws.
   */
  apply(events: readonly StoredEvent[]): void {
    for (const event of events) {
      if (event.position <= this.head) continue;
      if (event.position !== this.head + 1)
        throw new Error(
          `The views are at position ${this.head}: event ${event.position} does not follow.`,
        );
      this.applyOne(event);
    }
  }

  private applyOne(event: StoredEvent): void {
    const position = event.position;
    const known = Object.hasOwn(typeNumber, event.type);
    this.eventType.push(known ? typeNumber[event.type] : UNKNOWN_TYPE);
    this.eventTime.push(Date.parse(event.time));
    const applied = known ? this.applied(event, position) : undefined;
    this.eventEntity.push(applied?.entity ?? NO_ENTITY);
    this.eventBefore.push(applied?.before ?? 0);
    this.eventDetail.push(applied?.detail ?? -1);
    this.eventStatus.push(applied?.status ?? NO_STATUS);
  }

  /** What the views keep of a catalog event; undefined for one they leave out. */
  private applied(
    event: DomainEvent,
    position: number,
  ): { entity: number; before: number; detail: number; status: number } | undefined {
    switch (event.type) {
      case 'CustomerRegistered': {
        const { customer_id, name, email, shipping_address } = event.data;
        const customer = this.customerNumber(customer_id);
        // A second registration cannot come from the decider; the first one stands.
        if (this.customerRegistered.get(customer) !== 0) return undefined;
        this.customerRegistered.set(customer, position);
        this.registrations.push(customer);
        this.customerNamed.set(customer, position);
        // As in customerDecider.evolve: an empty address is no address.
        const detail = this.addDetail(
          position,
          SETS_NAME | SETS_EMAIL | SETS_ADDRESS,
          name,
          email,
          shipping_address ?? '',
        );
        return { ...this.customerEvent(customer, position), detail };
      }
      case 'CustomerDetailsChanged': {
        const { customer_id, name, email, shipping_address } = event.data;
        const customer = this.customerNumbers.get(customer_id);
        if (customer === undefined || this.customerRegistered.get(customer) === 0) return undefined;
        if (name !== undefined) this.customerNamed.set(customer, position);
        const sets =
          (name === undefined ? 0 : SETS_NAME) |
          (email === undefined ? 0 : SETS_EMAIL) |
          (shipping_address === undefined ? 0 : SETS_ADDRESS);
        const detail = this.addDetail(
          position,
          sets,
          name ?? '',
          email ?? '',
          shipping_address ?? '',
        );
        return { ...this.customerEvent(customer, position), detail };
      }
      case 'OrderPlaced': {
        const { order_id, customer_id, currency, items, total } = event.data;
        // The same order placed twice cannot come from the decider; the first one stands.
        if (this.orderNumbers.has(order_id)) return undefined;
        const order = this.orderIds.length;
        this.orderIds.push(order_id);
        this.orderNumbers.numberNew();
        const customer = this.customerNumber(customer_id);
        this.orderPlaced.push(position);
        this.orderCustomer.push(customer);
        this.orderCurrency.push(this.currencies.intern(currency));
        this.orderTotal.push(total);
        let itemCount = 0;
        for (const line of items) {
          itemCount += line.quantity;
          this.lineProduct.push(this.productNumber(line.product_id, line.name));
          this.lineQuantity.push(line.quantity);
          this.lineUnitPrice.push(line.unit_price);
        }
        this.orderItems.push(itemCount);
        this.orderLinesEnd.push(this.lineProduct.length);
        this.orderBeforeOfCustomer.push(this.customerLastOrder.get(customer));
        this.customerLastOrder.set(customer, order);
        this.orderLast.push(position);
        return {
          entity: order,
          before: 0,
          detail: -1,
          status: statusNumber(statusAfter(undefined, event.type)),
        };
      }
      case 'PaymentProcessed': {
        const { order_id, payment_id, amount, method } = event.data;
        const detail = this.paymentIds.length;
        return this.orderEvent(order_id, event.type, position, detail, () => {
          this.paymentIds.push(payment_id);
          this.paymentPosition.push(position);
          this.paymentAmount.push(amount);
          const number = paymentMethods.indexOf(method);
          this.paymentMethod.push(number === -1 ? OTHER_METHOD : number);
          if (number === -1) this.otherMethods.set(detail, method);
        });
      }
      case 'OrderShipped': {
        const { order_id, carrier, tracking_number } = event.data;
        return this.orderEvent(order_id, event.type, position, this.shipmentTracking.length, () => {
          this.shipmentCarrier.push(this.carriers.intern(carrier));
          this.shipmentTracking.push(tracking_number);
        });
      }
      case 'OrderDelivered':
        return this.orderEvent(event.data.order_id, event.type, position, -1, () => undefined);
      case 'OrderCancelled': {
        const { order_id, reason } = event.data;
        return this.orderEvent(
          order_id,
          event.type,
          position,
          this.cancellationReasons.length,
          () => {
            this.cancellationReasons.push(reason);
          },
        );
      }
      case 'PaymentRefunded': {
        const { order_id, payment_id, amount, reason } = event.data;
        return this.orderEvent(order_id, event.type, position, this.refundReasons.length, () => {
          this.refundPaymentIds.push(payment_id);
          this.refundPosition.push(position);
          this.refundAmount.push(amount);
          this.refundReasons.push(reason);
        });
      }
      default:
        ignoreUnknownEvent(event, undefined);
        return undefined;
    }
  }

  /** A step of a placed order: its row added by `addRow`, its status after the step. */
  private orderEvent(
    orderId: string,
    type: OrderEvent['type'],
    position: number,
    detail: number,
    addRow: () => void,
  ): { entity: number; before: number; detail: number; status: number } | undefined {
    const order = this.orderNumbers.get(orderId);
    // Events of an order that was never placed cannot come from the deciders.
    if (order === undefined) return undefined;
    addRow();
    const before = this.orderLast.get(order);
    this.orderLast.set(order, position);
    const current = orderStatuses[this.eventStatus.get(before)];
    return {
      entity: order,
      before,
      detail,
      status: statusNumber(statusAfter(current, type)),
    };
  }

  private customerEvent(
    customer: number,
    position: number,
  ): { entity: number; before: number; status: number } {
    const before = this.customerLast.get(customer);
    this.customerLast.set(customer, position);
    return { entity: customer, before, status: NO_STATUS };
  }

  private addDetail(
    position: number,
    sets: number,
    name: string,
    email: string,
    address: string,
  ): number {
    this.detailSets.push(sets);
    this.detailPosition.push(position);
    this.detailNames.push(name);
    this.detailEmails.push(email);
    this.detailAddresses.push(address);
    return this.detailSets.length - 1;
  }

  /** The customer's number, given one at its first mention. */
  private customerNumber(customerId: string): number {
    let number = this.customerNumbers.get(customerId);
    if (number === undefined) {
      number = this.customerIds.length;
      this.customerIds.push(customerId);
      this.customerNumbers.numberNew();
      this.customerRegistered.push(0);
      this.customerLast.push(0);
      this.customerNamed.push(0);
      this.customerLastOrder.push(-1);
    }
    return number;
  }

  private productNumber(productId: string, name: string): number {
    const key = productKey(productId, name);
    let number = this.productNumbers.get(key);
    if (number === undefined) {
      number = this.productIds.length;
      this.productIds.push(productId);
      this.productNames.push(name);
      this.productNumbers.set(key, number);
    }
    return number;
  }

  /**
   * The model's columns as they stand at its head, for a snapshot. Columns that only grow are
   * given as views of their first values (later events never change those); the ones set in place
   * are copied now.
   */
  parts(): ModelParts {
    return {
      eventType: this.eventType.prefix(),
      eventEntity: this.eventEntity.prefix(),
      eventBefore: this.eventBefore.prefix(),
      eventTime: this.eventTime.prefix(),
      eventDetail: this.eventDetail.prefix(),
      eventStatus: this.eventStatus.prefix(),
      orderIds: this.orderIds.slice(),
      orderTable: this.orderNumbers.table(),
      orderPlaced: this.orderPlaced.prefix(),
      orderCustomer: this.orderCustomer.prefix(),
      orderCurrency: this.orderCurrency.prefix(),
      orderTotal: this.orderTotal.prefix(),
      orderItems: this.orderItems.prefix(),
      orderLinesEnd: this.orderLinesEnd.prefix(),
      orderBeforeOfCustomer: this.orderBeforeOfCustomer.prefix(),
      orderLast: this.orderLast.copy(),
      lineProduct: this.lineProduct.prefix(),
      lineQuantity: this.lineQuantity.prefix(),
      lineUnitPrice: this.lineUnitPrice.prefix(),
      productIds: this.productIds.slice(),
      productNames: this.productNames.slice(),
      currencies: this.currencies.values.slice(),
      carriers: this.carriers.values.slice(),
      customerIds: this.customerIds.slice(),
      customerTable: this.customerNumbers.table(),
      customerRegistered: this.customerRegistered.copy(),
      customerLast: this.customerLast.copy(),
      customerNamed: this.customerNamed.copy(),
      customerLastOrder: this.customerLastOrder.copy(),
      registrations: this.registrations.prefix(),
      paymentIds: this.paymentIds.slice(),
      paymentPosition: this.paymentPosition.prefix(),
      paymentAmount: this.paymentAmount.prefix(),
      paymentMethod: this.paymentMethod.prefix(),
      otherMethods: [...this.otherMethods],
      shipmentCarrier: this.shipmentCarrier.prefix(),
      shipmentTracking: this.shipmentTracking.slice(),
      cancellationReasons: this.cancellationReasons.slice(),
      refundPaymentIds: this.refundPaymentIds.slice(),
      refundPosition: this.refundPosition.prefix(),
      refundAmount: this.refundAmount.prefix(),
      refundReasons: this.refundReasons.slice(),
      detailSets: this.detailSets.prefix(),
      detailPosition: this.detailPosition.prefix(),
      detailNames: this.detailNames.slice(),
      detailEmails: this.detailEmails.slice(),
      detailAddresses: this.detailAddresses.slice(),
    };
  }
}

const productKey = (productId: string, name: string): string => `${productId}\u0000${name}`;

/** Everything a model holds, as typed arrays and arrays of strings: what a snapshot stores. */
export interface ModelParts {
  readonly eventType: Uint8Array;
  readonly eventEntity: Int32Array;
  readonly eventBefore: Int32Array;
  readonly eventTime: Float64Array;
  readonly eventDetail: Int32Array;
  readonly eventStatus: Uint8Array;
  readonly orderIds: string[];
  /** The table that finds an order's number by its id (see StringNumbers). */
  readonly orderTable: Int32Array;
  readonly orderPlaced: Int32Array;
  readonly orderCustomer: Int32Array;
  readonly orderCurrency: Int32Array;
  readonly orderTotal: Float64Array;
  readonly orderItems: Int32Array;
  readonly orderLinesEnd: Int32Array;
  readonly orderBeforeOfCustomer: Int32Array;
  readonly orderLast: Int32Array;
  readonly lineProduct: Int32Array;
  readonly lineQuantity: Int32Array;
  readonly lineUnitPrice: Float64Array;
  readonly productIds: string[];
  readonly productNames: string[];
  readonly currencies: string[];
  readonly carriers: string[];
  readonly customerIds: string[];
  readonly customerTable: Int32Array;
  readonly customerRegistered: Int32Array;
  readonly customerLast: Int32Array;
  readonly customerNamed: Int32Array;
  readonly customerLastOrder: Int32Array;
  readonly registrations: Int32Array;
  readonly paymentIds: string[];
  readonly paymentPosition: Int32Array;
  readonly paymentAmount: Float64Array;
  readonly paymentMethod: Uint8Array;
  readonly otherMethods: [number, string][];
  readonly shipmentCarrier: Int32Array;
  readonly shipmentTracking: string[];
  readonly cancellationReasons: string[];
  readonly refundPaymentIds: string[];
  readonly refundPosition: Int32Array;
  readonly refundAmount: Float64Array;
  readonly refundReasons: string[];
  readonly detailSets: Uint8Array;
  readonly detailPosition: Int32Array;
  readonly detailNames: string[];
  readonly detailEmails: string[];
  readonly detailAddresses: string[];
}

/**
 * Refuses parts whose columns disagree in length or point outside each other: a snapshot that
 * passed its checksum but was written by a bug, or edited, must not become the desk's views.
 */
function checkParts(model: DeskModel): void {
  const fail = (what: string): never => {
    throw new Error(`The snapshot's ${what} do not fit together.`);
  };
  const same = (what: string, length: number, columns: readonly { length: number }[]) => {
    for (const column of columns) if (column.length !== length) fail(what);
  };
  const m = model;
  const events = m.eventType.length;
  if (events < 1) fail('events');
  same('event columns', events, [
    m.eventEntity,
    m.eventBefore,
    m.eventTime,
    m.eventDetail,
    m.eventStatus,
  ]);
  const orders = m.orderIds.length;
  same('order columns', orders, [
    m.orderPlaced,
    m.orderCustomer,
    m.orderCurrency,
    m.orderTotal,
    m.orderItems,
    m.orderLinesEnd,
    m.orderBeforeOfCustomer,
    m.orderLast,
  ]);
  const lines = m.lineProduct.length;
  same('lines', lines, [m.lineQuantity, m.lineUnitPrice]);
  const customers = m.customerIds.length;
  same('customer columns', customers, [
    m.customerRegistered,
    m.customerLast,
    m.customerNamed,
    m.customerLastOrder,
  ]);
  same('products', m.productIds.length, [m.productNames]);
  same('payments', m.paymentIds.length, [m.paymentPosition, m.paymentAmount, m.paymentMethod]);
  same('shipments', m.shipmentTracking.length, [m.shipmentCarrier]);
  same('refunds', m.refundReasons.length, [m.refundPaymentIds, m.refundPosition, m.refundAmount]);
  same('customer details', m.detailSets.length, [
    m.detailPosition,
    m.detailNames,
    m.detailEmails,
    m.detailAddresses,
  ]);
  // Every reference points inside its table, so that no view reads past a column's end.
  const inside = (value: number, size: number) => value >= 0 && value < size;
  const rows: Readonly<Record<EventType, number>> = {
    CustomerRegistered: m.detailSets.length,
    CustomerDetailsChanged: m.detailSets.length,
    OrderPlaced: 0,
    PaymentProcessed: m.paymentIds.length,
    OrderShipped: m.shipmentTracking.length,
    OrderDelivered: 0,
    OrderCancelled: m.cancellationReasons.length,
    PaymentRefunded: m.refundReasons.length,
  };
  const entities = m.eventEntity.array;
  const befores = m.eventBefore.array;
  const details = m.eventDetail.array;
  const statuses = m.eventStatus.array;
  const types = m.eventType.array;
  const detailRows = eventTypes.map((type) => rows[type]);
  const customerType = (type: number) =>
    type === typeNumber.CustomerRegistered || type === typeNumber.CustomerDetailsChanged;
  for (let position = 1; position < events; position++) {
    const entity = entities[position] as number;
    if (entity === NO_ENTITY) continue;
    const type = types[position] as number;
    const tableRows = detailRows[type];
    if (tableRows === undefined) return fail('events');
    const forCustomer = customerType(type);
    const detail = details[position] as number;
    if (
      !inside(entity, forCustomer ? customers : orders) ||
      !inside(befores[position] as number, position) ||
      (tableRows === 0 ? detail !== -1 : !inside(detail, tableRows)) ||
      (!forCustomer && !inside(statuses[position] as number, orderStatuses.length))
    )
      fail('events');
  }
  let linesEnd = 0;
  for (let order = 0; order < orders; order++) {
    const end = m.orderLinesEnd.get(order);
    if (
      end < linesEnd ||
      end > lines ||
      !inside(m.orderCustomer.get(order), customers) ||
      !inside(m.orderLast.get(order), events) ||
      !inside(m.orderPlaced.get(order), events) ||
      !inside(m.orderCurrency.get(order), m.currencies.values.length) ||
      m.orderBeforeOfCustomer.get(order) >= order
    )
      fail('orders');
    linesEnd = end;
  }
  if (linesEnd !== lines) fail('lines');
  const products = m.lineProduct.array;
  for (let line = 0; line < lines; line++)
    if (!inside(products[line] as number, m.productIds.length)) fail('lines');
  for (let customer = 0; customer < customers; customer++)
    if (
      !inside(m.customerLast.get(customer), events) ||
      !inside(m.customerNamed.get(customer), events) ||
      m.customerLastOrder.get(customer) >= orders
    )
      fail('customers');
  for (let index = 0; index < m.registrations.length; index++)
    if (!inside(m.registrations.get(index), customers)) fail('registrations');
  for (const column of [m.paymentPosition, m.refundPosition])
    for (let row = 0; row < column.length; row++)
      if (!inside(column.get(row), events)) fail('payments and refunds');
  for (let row = 0; row < m.shipmentCarrier.length; row++)
    if (!inside(m.shipmentCarrier.get(row), m.carriers.values.length)) fail('shipments');
}
