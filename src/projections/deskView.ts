import type { EventType, OrderLine, PaymentMethod } from '../domain/events';
import { customerStreamId, eventTypes, orderStreamId, paymentMethods } from '../domain/events';
import { orderStatuses, type OrderStatus } from '../domain/order';
import { CollationRanks } from './collation';
import {
  NO_ENTITY,
  OTHER_METHOD,
  SETS_ADDRESS,
  SETS_EMAIL,
  SETS_NAME,
  typeNumber,
  type DeskModel,
} from './deskModel';
import { ints, type NumberColumn } from './columns';
import { minorUnitsPerMajor } from '../lib/format';
import { partitionPoint } from '../lib/partitionPoint';
import { summarize, type SummaryContext } from './summary';

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

/** One order as the order screens show it, at one moment. */
export interface OrderView {
  readonly orderId: string;
  /** The human order number, `FIRST_ORDER_NUMBER` for the first order placed (see there). */
  readonly number: number;
  readonly customerId: string;
  /** The customer's name at the moment; the customer id while the customer is unknown. */
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
  /** The order stream's version: how many of its events there are. */
  readonly version: number;
}

/** One customer as the customer screens show it, at one moment. */
export interface CustomerView {
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
  readonly shippingAddress?: string | undefined;
  readonly registeredAt: string;
  /** Orders placed, whatever became of them. */
  readonly orderCount: number;
  /**
   * Paid minus refunded, per currency (ISO 4217 → minor units). Per currency because nothing in
   * the catalog ties a customer to one currency; a currency stays listed once used, even at 0.
   */
  readonly lifetimeValue: Readonly<Record<string, number>>;
  /** Payments received, per currency (listed once used). */
  readonly paid: Readonly<Record<string, number>>;
  /** Refunds given, per currency (listed once used). */
  readonly refunded: Readonly<Record<string, number>>;
  readonly lastOrderAt?: string | undefined;
  /** Global positions of the customer stream's events, oldest first. */
  readonly history: readonly number[];
  readonly version: number;
}

export interface DashboardTotals {
  readonly orders: number;
  readonly customers: number;
  readonly events: number;
}

export interface ActivityItem {
  readonly position: number;
  readonly time: string;
  readonly type: EventType;
  readonly streamId: string;
  readonly summary: string;
}

/** What the timeline says of the event at a position. */
export interface EventSummary {
  readonly position: number;
  readonly time: string;
  /** Undefined for a type this catalog does not know. */
  readonly type: EventType | undefined;
  /** The stream of an event the views apply; undefined for one they leave out. */
  readonly streamId: string | undefined;
  /** "Order o-12 placed by Ada Lovelace: 3 items, €42.00". */
  readonly summary: string;
}

/** How many events the recent activity shows. */
export const RECENT_ACTIVITY_SIZE = 20;

export type StatusFilter = OrderStatus | 'All';
export type OrderSortKey = 'placedAt' | 'total' | 'customer' | 'status';
export type CustomerSortKey = 'name' | 'email' | 'orders' | 'lifetimeValue' | 'lastOrder';
export type SortDirection = 'ascending' | 'descending';

/**
 * The human number of the first order placed: the n-th order placed (counting from 0) is
 * #(FIRST_ORDER_NUMBER + n). Derived from the order of placing, which never changes (the log
 * only grows), so a number once shown stays the order's; the events carry none.
 */
export const FIRST_ORDER_NUMBER = 1001;

/** What the orders list asks for (see `OrdersAt.rows`). */
export interface OrderQuery {
  readonly status: StatusFilter;
  readonly search: string;
  readonly key: OrderSortKey;
  readonly direction: SortDirection;
  /** Placed at or after this time (milliseconds since the epoch); undefined for no bound. */
  readonly placedFrom?: number | undefined;
  /** Placed before this time (milliseconds since the epoch); undefined for no bound. */
  readonly placedBefore?: number | undefined;
}

/** What the customers list asks for (see `CustomersAt.rows`). */
export interface CustomerQuery {
  readonly key: CustomerSortKey;
  readonly direction: SortDirection;
  readonly search: string;
}

/** A customer's contact details at one moment. */
export interface CustomerContact {
  readonly name: string;
  readonly email: string;
  readonly shippingAddress?: string | undefined;
}

/** Rows of a list: how many, and each one made when it scrolls into view. */
export interface RowSource<T> {
  readonly count: number;
  readonly at: (index: number) => T | undefined;
}

export interface CustomerSelection {
  /** The first `limit` customers that match, in order. */
  readonly customers: readonly CustomerView[];
  /** How many customers match. */
  readonly matching: number;
}

const iso = (milliseconds: number): string => new Date(milliseconds).toISOString();
const PAYMENT = typeNumber.PaymentProcessed;
const REFUND = typeNumber.PaymentRefunded;
const SHIPPED = typeNumber.OrderShipped;

/** Of an entity whose latest event is at `last`: its latest event at or before `position`. */
function latestAt(model: DeskModel, last: number, position: number): number {
  const before = model.eventBefore.array;
  let latest = last;
  while (latest > position) latest = before[latest] as number;
  return latest;
}

/** The name a customer had after the event at `position`; undefined before one was given. */
function customerNameAt(model: DeskModel, customer: number, position: number): string | undefined {
  const named = model.customerNamed.get(customer);
  if (named === 0) return undefined;
  if (named <= position) return model.detailNames[model.eventDetail.get(named)];
  for (
    let p = latestAt(model, model.customerLast.get(customer), position);
    p > 0;
    p = model.eventBefore.get(p)
  )
    if ((model.detailSets.get(model.eventDetail.get(p)) & SETS_NAME) !== 0)
      return model.detailNames[model.eventDetail.get(p)];
  return undefined;
}
const DAY_MS = 86_400_000;

/**
 * The desk as it was after the event at `position` (0: before the first event), read off the
 * model. Made in constant time; what a screen asks of it is computed then, and kept: a view's
 * answers never change, since events up to its position never do.
 */
export class DeskView {
  readonly orders: OrdersAt;
  readonly customers: CustomersAt;
  readonly dashboard: DashboardAt;
  /** What summaries of events read of the desk at this moment: names and orders' currencies. */
  readonly summaryContext: SummaryContext;

  constructor(
    readonly model: DeskModel,
    readonly position: number,
  ) {
    if (position < 0 || position > model.head)
      throw new RangeError(`The views reach position ${model.head}, not ${position}.`);
    this.orders = new OrdersAt(this);
    this.customers = new CustomersAt(this);
    this.dashboard = new DashboardAt(this);
    this.summaryContext = {
      customerName: (customerId) => {
        const customer = model.customerNumbers.get(customerId);
        return customer === undefined ? undefined : this.customerName(customer);
      },
      orderCurrency: (orderId) => {
        const order = this.orders.numberOf(orderId);
        return order === undefined
          ? undefined
          : model.currencies.values[model.orderCurrency.get(order)];
      },
    };
  }

  /** The position of the entity's latest event at or before this moment; 0 for none. */
  latestAt(last: number): number {
    return latestAt(this.model, last, this.position);
  }

  /** Positions of an entity's events up to this moment, oldest first. */
  historyOf(last: number): number[] {
    const before = this.model.eventBefore.array;
    const positions: number[] = [];
    for (let position = this.latestAt(last); position > 0; position = before[position] as number)
      positions.push(position);
    return positions.reverse();
  }

  time(position: number): string {
    return iso(this.model.eventTime.get(position));
  }

  /** The name a customer had at this moment; undefined before they were registered. */
  customerName(customer: number): string | undefined {
    return customerNameAt(this.model, customer, this.position);
  }

  /** The event at a position of this moment's log; undefined for 0 and beyond it. */
  eventAt(position: number): EventSummary | undefined {
    if (position < 1 || position > this.position) return undefined;
    const m = this.model;
    const type = eventTypes[m.eventType.get(position)];
    const entity = m.eventEntity.get(position);
    const time = this.time(position);
    if (type === undefined || entity === NO_ENTITY)
      return { position, time, type, streamId: undefined, summary: `${type ?? 'Unknown'} event` };
    const forCustomer = type === 'CustomerRegistered' || type === 'CustomerDetailsChanged';
    return {
      position,
      time,
      type,
      streamId: forCustomer
        ? customerStreamId(m.customerIds[entity] ?? '')
        : orderStreamId(m.orderIds[entity] ?? ''),
      summary: this.summaryOf(position, type, entity),
    };
  }

  /** The event's summary as the desk words it, with names as they were just before it. */
  private summaryOf(position: number, type: EventType, entity: number): string {
    const m = this.model;
    const detail = m.eventDetail.get(position);
    const before = position - 1;
    const nameBefore = (customer: number) =>
      customerNameAt(m, customer, before) ?? m.customerIds[customer] ?? '';
    const context = {
      customerName: () =>
        nameBefore(type.startsWith('Customer') ? entity : m.orderCustomer.get(entity)),
      orderCurrency: () => m.currencies.values[m.orderCurrency.get(entity)],
    };
    const orderId = m.orderIds[entity] ?? '';
    const customerId = m.customerIds[entity] ?? '';
    switch (type) {
      case 'CustomerRegistered':
        return summarize(
          {
            type,
            data: {
              customer_id: customerId,
              name: m.detailNames[detail] ?? '',
              email: m.detailEmails[detail] ?? '',
            },
          },
          context,
        );
      case 'CustomerDetailsChanged': {
        const sets = m.detailSets.get(detail);
        return summarize(
          {
            type,
            data: {
              customer_id: customerId,
              ...((sets & SETS_NAME) === 0 ? {} : { name: m.detailNames[detail] ?? '' }),
              ...((sets & SETS_EMAIL) === 0 ? {} : { email: m.detailEmails[detail] ?? '' }),
              ...((sets & SETS_ADDRESS) === 0
                ? {}
                : { shipping_address: m.detailAddresses[detail] ?? '' }),
            },
          },
          context,
        );
      }
      case 'OrderPlaced': {
        const order = this.orders.atNumber(entity);
        return summarize(
          {
            type,
            data: {
              order_id: orderId,
              customer_id: order.customerId,
              currency: order.currency,
              items: order.lines.slice(),
              total: order.total,
            },
          },
          context,
        );
      }
      case 'PaymentProcessed':
        return summarize(
          {
            type,
            data: {
              order_id: orderId,
              payment_id: m.paymentIds[detail] ?? '',
              amount: m.paymentAmount.get(detail),
              method: methodOf(m, detail),
            },
          },
          context,
        );
      case 'OrderShipped':
        return summarize(
          {
            type,
            data: {
              order_id: orderId,
              carrier: m.carriers.values[m.shipmentCarrier.get(detail)] ?? '',
              tracking_number: m.shipmentTracking[detail] ?? '',
            },
          },
          context,
        );
      case 'OrderDelivered':
        return summarize({ type, data: { order_id: orderId } }, context);
      case 'OrderCancelled':
        return summarize(
          { type, data: { order_id: orderId, reason: m.cancellationReasons[detail] ?? '' } },
          context,
        );
      case 'PaymentRefunded':
        return summarize(
          {
            type,
            data: {
              order_id: orderId,
              payment_id: m.refundPaymentIds[detail] ?? '',
              amount: m.refundAmount.get(detail),
              reason: m.refundReasons[detail] ?? '',
            },
          },
          context,
        );
      default: {
        const unknown: never = type;
        return unknown;
      }
    }
  }
}

const methodOf = (model: DeskModel, payment: number): PaymentMethod => {
  const number = model.paymentMethod.get(payment);
  return number === OTHER_METHOD
    ? ((model.otherMethods.get(payment) ?? '') as PaymentMethod)
    : (paymentMethods[number] as PaymentMethod);
};

/** A text to look for, as lists compare it: trimmed and lower-cased; '' finds everything. */
const needleOf = (search: string): string => search.trim().toLocaleLowerCase();

/** The orders at one moment. */
export class OrdersAt {
  /** How many orders were placed by this moment (they are numbers 0 to count − 1). */
  readonly count: number;
  private readonly lists = new Map<string, Int32Array>();
  private readonly searches = new Map<string, Uint8Array>();
  private counts: Readonly<Record<OrderStatus, number>> | undefined;
  private statusList: Uint8Array | undefined;

  constructor(private readonly view: DeskView) {
    const placed = view.model.orderPlaced.array;
    this.count = partitionPoint(
      view.model.orderCount,
      (order) => (placed[order] as number) <= view.position,
    );
  }

  /** The order's number, if it was placed by this moment. */
  numberOf(orderId: string): number | undefined {
    const order = this.view.model.orderNumbers.get(orderId);
    return order !== undefined && order < this.count ? order : undefined;
  }

  get(orderId: string): OrderView | undefined {
    const order = this.numberOf(orderId);
    return order === undefined ? undefined : this.atNumber(order);
  }

  /** The status of order number `order` (placed by this moment), as its index in orderStatuses. */
  statusNumberOf(order: number): number {
    const m = this.view.model;
    return m.eventStatus.get(this.view.latestAt(m.orderLast.get(order)));
  }

  /** Order number `order` (placed by this moment) as the screens show it. */
  atNumber(order: number): OrderView {
    const view = this.view;
    const m = view.model;
    const history = view.historyOf(m.orderLast.get(order));
    let payment: OrderPayment | undefined;
    let shipment: OrderShipment | undefined;
    let deliveredAt: string | undefined;
    let cancellation: OrderCancellation | undefined;
    let refund: OrderRefund | undefined;
    for (const position of history) {
      const detail = m.eventDetail.get(position);
      const at = view.time(position);
      switch (eventTypes[m.eventType.get(position)]) {
        case 'PaymentProcessed':
          payment = {
            paymentId: m.paymentIds[detail] ?? '',
            amount: m.paymentAmount.get(detail),
            method: methodOf(m, detail),
            at,
          };
          break;
        case 'OrderShipped':
          shipment = {
            carrier: m.carriers.values[m.shipmentCarrier.get(detail)] ?? '',
            trackingNumber: m.shipmentTracking[detail] ?? '',
            at,
          };
          break;
        case 'OrderDelivered':
          deliveredAt = at;
          break;
        case 'OrderCancelled':
          cancellation = { reason: m.cancellationReasons[detail] ?? '', at };
          break;
        case 'PaymentRefunded':
          refund = {
            paymentId: m.refundPaymentIds[detail] ?? '',
            amount: m.refundAmount.get(detail),
            reason: m.refundReasons[detail] ?? '',
            at,
          };
          break;
        default:
          break;
      }
    }
    const latest = history[history.length - 1] ?? 0;
    const customer = m.orderCustomer.get(order);
    const linesEnd = m.orderLinesEnd.get(order);
    const lines: OrderLine[] = [];
    for (let line = order === 0 ? 0 : m.orderLinesEnd.get(order - 1); line < linesEnd; line++) {
      const product = m.lineProduct.get(line);
      lines.push({
        product_id: m.productIds[product] ?? '',
        name: m.productNames[product] ?? '',
        quantity: m.lineQuantity.get(line),
        unit_price: m.lineUnitPrice.get(line),
      });
    }
    return {
      orderId: m.orderIds[order] ?? '',
      number: FIRST_ORDER_NUMBER + order,
      customerId: m.customerIds[customer] ?? '',
      customerName: view.customerName(customer) ?? m.customerIds[customer] ?? '',
      status: orderStatuses[m.eventStatus.get(latest)] as OrderStatus,
      currency: m.currencies.values[m.orderCurrency.get(order)] ?? '',
      total: m.orderTotal.get(order),
      itemCount: m.orderItems.get(order),
      lines,
      placedAt: view.time(m.orderPlaced.get(order)),
      lastChangeAt: view.time(latest),
      payment,
      shipment,
      deliveredAt,
      cancellation,
      refund,
      history,
      version: history.length,
    };
  }

  /** Orders placed by this moment per status; every status is present. */
  get statusCounts(): Readonly<Record<OrderStatus, number>> {
    if (this.counts === undefined) {
      const counts = new Int32Array(orderStatuses.length);
      const statuses = this.statuses();
      for (let order = 0; order < statuses.length; order++) {
        const status = statuses[order] as number;
        counts[status] = (counts[status] ?? 0) + 1;
      }
      this.counts = Object.fromEntries(
        orderStatuses.map((name, index) => [name, counts[index] ?? 0]),
      ) as Record<OrderStatus, number>;
    }
    return this.counts;
  }

  /**
   * The orders with a status (or all), placed within the time range, that `search` finds (see
   * `found`), sorted by placing (no sort needed: numbers are in placing order), by total, by
   * customer name or by status, then placing. Descending is the exact reverse of ascending.
   */
  rows(query: OrderQuery): RowSource<OrderView> {
    const needle = needleOf(query.search);
    const from = query.placedFrom ?? Number.NEGATIVE_INFINITY;
    const before = query.placedBefore ?? Number.POSITIVE_INFINITY;
    let numbers: Int32Array | undefined;
    if (
      query.key !== 'placedAt' ||
      query.status !== 'All' ||
      needle !== '' ||
      from !== Number.NEGATIVE_INFINITY ||
      before !== Number.POSITIVE_INFINITY
    ) {
      const key = [query.status, query.key, from, before, needle].join('\u0000');
      numbers = this.lists.get(key);
      if (numbers === undefined) {
        numbers = this.select(query.status, needle, query.key, from, before);
        this.lists.set(key, numbers);
      }
    }
    const count = numbers?.length ?? this.count;
    const descending = query.direction === 'descending';
    return {
      count,
      at: (index) => {
        if (index < 0 || index >= count) return undefined;
        const place = descending ? count - 1 - index : index;
        return this.atNumber(numbers === undefined ? place : (numbers[place] as number));
      },
    };
  }

  private select(
    status: StatusFilter,
    needle: string,
    key: OrderSortKey,
    from: number,
    before: number,
  ): Int32Array {
    const m = this.view.model;
    const byTotalNow = key === 'total' ? byTotal(m) : undefined;
    const found = needle === '' ? undefined : this.found(needle);
    const statuses = status !== 'All' || key === 'status' ? this.statuses() : undefined;
    const wanted = status === 'All' ? -1 : orderStatuses.indexOf(status);
    const ranged = from !== Number.NEGATIVE_INFINITY || before !== Number.POSITIVE_INFINITY;
    const placed = m.orderPlaced.array;
    const times = m.eventTime.array;
    const numbers = new Int32Array(byTotalNow === undefined ? this.count : m.orderCount);
    let kept = 0;
    const total = byTotalNow === undefined ? this.count : byTotalNow.length;
    for (let index = 0; index < total; index++) {
      const order = byTotalNow === undefined ? index : (byTotalNow[index] as number);
      if (order >= this.count) continue;
      if (wanted !== -1 && statuses?.[order] !== wanted) continue;
      if (found !== undefined && found[order] !== 1) continue;
      if (ranged) {
        const time = times[placed[order] as number] as number;
        if (!(time >= from && time < before)) continue;
      }
      numbers[kept++] = order;
    }
    const selected = numbers.subarray(0, kept);
    if (key === 'status' && statuses !== undefined)
      return bucketSort(selected, statuses, orderStatuses.length);
    if (key === 'customer') {
      const { bucketOf, buckets } = this.view.customers.nameBuckets();
      const customerOf = m.orderCustomer.array;
      const bucketOfOrder = new Int32Array(this.count);
      for (let index = 0; index < selected.length; index++) {
        const order = selected[index] as number;
        bucketOfOrder[order] = bucketOf[customerOf[order] as number] as number;
      }
      return bucketSort(selected, bucketOfOrder, buckets);
    }
    return selected.slice();
  }

  /** Per order placed by this moment: its status then, as its index in orderStatuses. */
  private statuses(): Uint8Array {
    if (this.statusList === undefined) {
      const m = this.view.model;
      const last = m.orderLast.array;
      const before = m.eventBefore.array;
      const status = m.eventStatus.array;
      const position = this.view.position;
      const statuses = new Uint8Array(this.count);
      for (let order = 0; order < this.count; order++) {
        let latest = last[order] as number;
        while (latest > position) latest = before[latest] as number;
        statuses[order] = status[latest] as number;
      }
      this.statusList = statuses;
    }
    return this.statusList;
  }

  /**
   * Per order placed by this moment: 1 for those that `needle` (lower case) finds. A search finds
   * an order by its id, its human number ("1001" or "#1001", exactly), its customer's name or
   * email at this moment, a product name on one of its lines, the tracking number it was shipped
   * with by this moment, or its total as an amount ("39.80", "€39.80", "39,80": exactly, in the
   * order's currency). One pass over the orders and their lines, comparing numbers and strings
   * lower-cased once per model.
   */
  private found(needle: string): Uint8Array {
    const known = this.searches.get(needle);
    if (known !== undefined) return known;
    const view = this.view;
    const m = view.model;
    const hits = new Uint8Array(this.count);
    searchable(m, m.orderIds).find(needle, this.count, (order) => {
      hits[order] = 1;
    });
    const number = /^#?(\d{1,15})$/.exec(needle);
    if (number !== null) {
      const order = Number(number[1]) - FIRST_ORDER_NUMBER;
      if (order >= 0 && order < this.count) hits[order] = 1;
    }
    // Tracking numbers of the shipments made by this moment (each of an order placed by then).
    const shipments = shipmentPositions(m);
    const shipped = partitionPoint(shipments.length, (row) => shipments.get(row) <= view.position);
    searchable(m, m.shipmentTracking).find(needle, shipped, (row) => {
      hits[m.eventEntity.get(shipments.get(row))] = 1;
    });
    // Customers, products and totals: one pass over the orders and their lines, when any is found.
    const customers = view.customers.nameOrEmail(needle);
    const products = new Uint8Array(m.productNames.length);
    const anyProduct =
      searchable(m, m.productNames).find(needle, products.length, (product) => {
        products[product] = 1;
      }) > 0;
    const amounts = amountsOf(needle, m.currencies.values);
    if (!customers.includes(1) && !anyProduct && amounts === undefined)
      return this.keep(needle, hits);
    const customerOf = m.orderCustomer.array;
    const currencyOf = m.orderCurrency.array;
    const totals = m.orderTotal.array;
    const linesEnd = m.orderLinesEnd.array;
    const lineProduct = m.lineProduct.array;
    let line = 0;
    for (let order = 0; order < this.count; order++) {
      const end = linesEnd[order] as number;
      let hit =
        customers[customerOf[order] as number] === 1 ||
        (amounts !== undefined && totals[order] === amounts[currencyOf[order] as number]);
      if (anyProduct)
        for (; !hit && line < end; line++) hit = products[lineProduct[line] as number] === 1;
      line = end;
      if (hit) hits[order] = 1;
    }
    return this.keep(needle, hits);
  }

  private keep(needle: string, found: Uint8Array): Uint8Array {
    this.searches.set(needle, found);
    return found;
  }
}

/**
 * `numbers` (in placing order) ordered by `bucketOf[number]`, a small whole number below
 * `buckets`, keeping placing order within a bucket: a counting sort, linear in the orders.
 */
function bucketSort(
  numbers: Int32Array,
  bucketOf: Uint8Array | Int32Array,
  buckets: number,
): Int32Array {
  const starts = new Int32Array(buckets + 1);
  for (let index = 0; index < numbers.length; index++) {
    const next = (bucketOf[numbers[index] as number] as number) + 1;
    starts[next] = (starts[next] as number) + 1;
  }
  for (let bucket = 1; bucket <= buckets; bucket++)
    starts[bucket] = (starts[bucket] as number) + (starts[bucket - 1] as number);
  const sorted = new Int32Array(numbers.length);
  for (let index = 0; index < numbers.length; index++) {
    const number = numbers[index] as number;
    const bucket = bucketOf[number] as number;
    sorted[starts[bucket] as number] = number;
    starts[bucket] = (starts[bucket] as number) + 1;
  }
  return sorted;
}

/**
 * The amount a search names, in minor units of each currency (by the currency's number), if it
 * is one: digits with at most one decimal point or comma, maybe with a currency symbol. NaN for
 * a currency that has no such amount (39.80 in yen).
 */
function amountsOf(needle: string, currencies: readonly string[]): Float64Array | undefined {
  const amount = /^\p{Sc}?\s*(\d{1,15})(?:[.,](\d{1,4}))?\s*\p{Sc}?$/u.exec(needle);
  if (amount === null) return undefined;
  const whole = Number(amount[1]);
  const fraction = amount[2] ?? '';
  return Float64Array.from(currencies, (currency) => {
    const scale = minorUnitsPerMajor(currency);
    const digits = Math.round(Math.log10(scale));
    // Digits beyond the currency's minor unit may only be zeros (39.800 is €39.80).
    if (/[1-9]/.test(fraction.slice(digits))) return Number.NaN;
    return whole * scale + Number(fraction.slice(0, digits).padEnd(digits, '0') || '0');
  });
}

/**
 * Per model: the orders' numbers sorted by total, then placing, and how many of the model's
 * rewrites (taken-back tails) they reflect.
 */
const sortedByTotal = new WeakMap<DeskModel, { order: Int32Array; rewrites: number }>();

function byTotal(model: DeskModel): Int32Array {
  const cached = sortedByTotal.get(model);
  const totals = model.orderTotal.array;
  // Orders taken back since are dropped, and new ones (numbered after the rest) merged in.
  const cut = cached === undefined ? 0 : model.cutSince(cached.rewrites).orders;
  let known = cached?.order ?? new Int32Array(0);
  if (cut < known.length) known = known.filter((order) => order < cut);
  if (known.length === model.orderCount && cached?.rewrites === model.rewrites.length) return known;
  const fresh = Array.from({ length: model.orderCount - known.length }, (_, i) => known.length + i);
  fresh.sort((a, b) => (totals[a] as number) - (totals[b] as number) || a - b);
  const merged = new Int32Array(model.orderCount);
  let i = 0;
  let j = 0;
  for (let k = 0; k < merged.length; k++) {
    const a = known[i];
    const b = fresh[j];
    const takeKnown =
      b === undefined ||
      (a !== undefined && ((totals[a] as number) - (totals[b] as number) || a - b) < 0);
    merged[k] = takeKnown ? (a as number) : b;
    if (takeKnown) i++;
    else j++;
  }
  sortedByTotal.set(model, { order: merged, rewrites: model.rewrites.length });
  return merged;
}

/**
 * A column of strings of a model (order ids, tracking numbers, customers' names…) lower-cased and
 * joined into one text, so that a search runs through it with `indexOf` (a fast scan of memory)
 * instead of a call per value: most searches find few values. Values never change; the text
 * grows with the column.
 */
class SearchableTexts {
  private text = '';
  /** Where each value starts in `text`. */
  private readonly starts = ints();
  /** The model's rewrites seen: after one (a sync took back the tail), values may be others. */
  private rewrites = 0;

  constructor(
    private readonly model: DeskModel,
    private readonly texts: readonly string[],
  ) {}

  /**
   * Calls `hit` once for each value of the first `limit` that contains `needle` (lower case);
   * returns how many do.
   */
  find(needle: string, limit: number, hit: (index: number) => void): number {
    // A search for a line break finds nothing: the values are texts typed on one line.
    if (needle.includes(SEPARATOR)) return 0;
    this.cover();
    const starts = this.starts;
    const count = Math.min(limit, starts.length);
    const end = count < starts.length ? starts.get(count) : this.text.length;
    let from = 0;
    let found = 0;
    for (;;) {
      const at = this.text.indexOf(needle, from);
      if (at === -1 || at >= end) return found;
      // The needle holds no separator, so the match does not run into the next value.
      const index = partitionPoint(count, (value) => starts.get(value) <= at) - 1;
      hit(index);
      found += 1;
      from = index + 1 < starts.length ? starts.get(index + 1) : this.text.length;
    }
  }

  /** Adds the values added to the column since the last call; all again after a rewrite. */
  private cover(): void {
    if (this.rewrites !== this.model.rewrites.length) {
      // Rare: made again from the start rather than cut per column.
      this.rewrites = this.model.rewrites.length;
      this.text = '';
      this.starts.truncate(0);
    }
    const first = this.starts.length;
    if (first === this.texts.length) return;
    const added: string[] = [];
    let at = this.text.length;
    for (let index = first; index < this.texts.length; index++) {
      const value = (this.texts[index] ?? '').toLocaleLowerCase() + SEPARATOR;
      this.starts.push(at);
      added.push(value);
      at += value.length;
    }
    this.text += added.join('');
  }
}

/** Between values in a searchable text: typed searches are on one line. */
const SEPARATOR = '\n';

const searchableColumns = new WeakMap<readonly string[], SearchableTexts>();

/** A column of `model` made searchable (made at its first search, then kept with it). */
function searchable(model: DeskModel, texts: readonly string[]): SearchableTexts {
  let found = searchableColumns.get(texts);
  if (found === undefined) {
    found = new SearchableTexts(model, texts);
    searchableColumns.set(texts, found);
  }
  return found;
}

/** Per model: the positions of the shipments the views applied, in log order (see `found`). */
const shipments = new WeakMap<
  DeskModel,
  { positions: NumberColumn<Int32Array>; scanned: number; rewrites: number }
>();

function shipmentPositions(model: DeskModel): NumberColumn<Int32Array> {
  let index = shipments.get(model);
  if (index === undefined) {
    index = { positions: ints(), scanned: 0, rewrites: model.rewrites.length };
    shipments.set(model, index);
  }
  if (index.rewrites !== model.rewrites.length) {
    // A sync took back the tail: the shipments are listed again (rare).
    index.rewrites = model.rewrites.length;
    index.positions.truncate(0);
    index.scanned = 0;
  }
  const types = model.eventType.array;
  const entities = model.eventEntity.array;
  for (let position = index.scanned + 1; position <= model.head; position++)
    if (types[position] === SHIPPED && entities[position] !== NO_ENTITY)
      index.positions.push(position);
  index.scanned = model.head;
  return index.positions;
}

/** A customer as a directory lists them (see `CustomersAt.directory`). */
export interface DirectoryEntry {
  readonly customerId: string;
  readonly name: string;
  readonly email: string;
}

/** Per model: the directory last made, and how many customer events and rewrites it reflects. */
const directories = new WeakMap<
  DeskModel,
  { changes: number; rewrites: number; entries: readonly DirectoryEntry[] }
>();

/** What a customer's orders add up to at a moment. */
interface CustomerTotals {
  readonly orderCount: Int32Array;
  /** Per customer × currency: paid minus refunded. */
  readonly value: Float64Array;
  /** Per customer × currency: whether the currency was used (listed even at 0). */
  readonly used: Uint8Array;
  readonly lastOrder: Float64Array;
}

/** The customers at one moment. */
export class CustomersAt {
  /** How many customers were registered by this moment. */
  readonly count: number;
  private totals: CustomerTotals | undefined;
  private buckets: { bucketOf: Int32Array; buckets: number } | undefined;
  private readonly searches = new Map<string, Uint8Array>();

  constructor(private readonly view: DeskView) {
    const m = view.model;
    const registered = m.customerRegistered.array;
    const registrations = m.registrations.array;
    this.count = partitionPoint(
      m.registrations.length,
      (index) => (registered[registrations[index] as number] as number) <= view.position,
    );
  }

  /** The customer's number, if registered by this moment. */
  numberOf(customerId: string): number | undefined {
    const m = this.view.model;
    const customer = m.customerNumbers.get(customerId);
    if (customer === undefined) return undefined;
    const registered = m.customerRegistered.get(customer);
    return registered !== 0 && registered <= this.view.position ? customer : undefined;
  }

  get(customerId: string): CustomerView | undefined {
    const customer = this.numberOf(customerId);
    return customer === undefined ? undefined : this.atNumber(customer);
  }

  /** Customer number `customer` (registered by this moment) as the screens show it. */
  atNumber(customer: number): CustomerView {
    const view = this.view;
    const m = view.model;
    const history = view.historyOf(m.customerLast.get(customer));
    let name = '';
    let email = '';
    let shippingAddress: string | undefined;
    for (const position of history) {
      const detail = m.eventDetail.get(position);
      const sets = m.detailSets.get(detail);
      if ((sets & SETS_NAME) !== 0) name = m.detailNames[detail] ?? '';
      if ((sets & SETS_EMAIL) !== 0) email = m.detailEmails[detail] ?? '';
      // As in customerDecider.evolve: an empty address is no address.
      if ((sets & SETS_ADDRESS) !== 0) shippingAddress = m.detailAddresses[detail] || undefined;
    }
    // The customer's own orders, walked back from the latest: a handful, not every order.
    const currencies = m.currencies.values;
    const lifetimeValue: Record<string, number> = {};
    const paid: Record<string, number> = {};
    const refunded: Record<string, number> = {};
    let orderCount = 0;
    let lastOrder = Number.NaN;
    const count = view.orders.count;
    for (
      let order = m.customerLastOrder.get(customer);
      order >= 0;
      order = m.orderBeforeOfCustomer.get(order)
    ) {
      if (order >= count) continue;
      orderCount += 1;
      if (Number.isNaN(lastOrder)) lastOrder = m.eventTime.get(m.orderPlaced.get(order));
      const currency = currencies[m.orderCurrency.get(order)] ?? '';
      for (let p = view.latestAt(m.orderLast.get(order)); p > 0; p = m.eventBefore.get(p)) {
        const type = m.eventType.get(p);
        const sign = type === PAYMENT ? 1 : type === REFUND ? -1 : 0;
        if (sign === 0) continue;
        const amount =
          sign === 1
            ? m.paymentAmount.get(m.eventDetail.get(p))
            : m.refundAmount.get(m.eventDetail.get(p));
        lifetimeValue[currency] = (lifetimeValue[currency] ?? 0) + sign * amount;
        const booked = sign === 1 ? paid : refunded;
        booked[currency] = (booked[currency] ?? 0) + amount;
      }
    }
    return {
      customerId: m.customerIds[customer] ?? '',
      name,
      email,
      shippingAddress,
      registeredAt: view.time(m.customerRegistered.get(customer)),
      orderCount,
      lifetimeValue,
      paid,
      refunded,
      lastOrderAt: Number.isNaN(lastOrder) ? undefined : iso(lastOrder),
      history,
      version: history.length,
    };
  }

  /** The customer's orders placed by this moment, oldest first. */
  ordersOf(customerId: string): OrderView[] {
    const m = this.view.model;
    const customer = m.customerNumbers.get(customerId);
    if (customer === undefined) return [];
    const orders: OrderView[] = [];
    const count = this.view.orders.count;
    for (
      let order = m.customerLastOrder.get(customer);
      order >= 0;
      order = m.orderBeforeOfCustomer.get(order)
    )
      if (order < count) orders.push(this.view.orders.atNumber(order));
    return orders.reverse();
  }

  /**
   * Every customer registered by this moment, with the name and email they had then, by name
   * (then id). The same array for every moment with the same customer events, so that a list of
   * them (the order form's) is built again only when a customer changes.
   */
  directory(): readonly DirectoryEntry[] {
    const m = this.view.model;
    const changes = partitionPoint(
      m.detailSets.length,
      (row) => this.detailPosition(row) <= this.view.position,
    );
    const cached = directories.get(m);
    if (cached?.changes === changes && cached.rewrites === m.rewrites.length) return cached.entries;
    const ranks = textsOf(m).name.ranksNow();
    const entries: (DirectoryEntry & { rank: number })[] = [];
    for (let index = 0; index < this.count; index++) {
      const customer = m.registrations.get(index);
      const nameRow = this.rowAt(customer, SETS_NAME);
      entries.push({
        customerId: m.customerIds[customer] ?? '',
        name: m.detailNames[nameRow] ?? '',
        email: m.detailEmails[this.rowAt(customer, SETS_EMAIL)] ?? '',
        rank: ranks[nameRow] ?? 0,
      });
    }
    entries.sort(
      (a, b) =>
        a.rank - b.rank || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
    );
    const sorted = entries.map(({ customerId, name, email }) => ({ customerId, name, email }));
    directories.set(m, { changes, rewrites: m.rewrites.length, entries: sorted });
    return sorted;
  }

  /** The position of the customer event of detail row `row` (rows are in log order). */
  private detailPosition(row: number): number {
    return this.view.model.detailPosition.get(row);
  }

  /**
   * Per customer number: 1 for those whose name (their id while they have none) or email at this
   * moment contains `needle` (lower case).
   */
  nameOrEmail(needle: string): Uint8Array {
    let found = this.searches.get(needle);
    if (found === undefined) {
      const m = this.view.model;
      const rows = m.detailSets.length;
      // The customer events whose name or email holds it; then whose name and email they are.
      const names = new Uint8Array(rows);
      const emails = new Uint8Array(rows);
      // Every customer an order names, registered or not: an order shows the id of a customer
      // with no name (yet), and is found by it.
      const ids = new Uint8Array(m.customerCount);
      const any =
        searchable(m, m.detailNames).find(needle, rows, (row) => {
          names[row] = 1;
        }) +
          searchable(m, m.detailEmails).find(needle, rows, (row) => {
            emails[row] = 1;
          }) +
          searchable(m, m.customerIds).find(needle, m.customerCount, (customer) => {
            ids[customer] = 1;
          }) >
        0;
      found = new Uint8Array(m.customerCount);
      for (let customer = 0; any && customer < m.customerCount; customer++) {
        const nameRow = this.rowAt(customer, SETS_NAME);
        if (
          (nameRow === -1 ? ids[customer] : names[nameRow]) === 1 ||
          emails[this.rowAt(customer, SETS_EMAIL)] === 1
        )
          found[customer] = 1;
      }
      this.searches.set(needle, found);
    }
    return found;
  }

  /**
   * Per customer number: a bucket by the name at this moment, in collation order (customers of
   * equal names share one), those with no name yet in the last: what sorts orders by customer.
   */
  nameBuckets(): { bucketOf: Int32Array; buckets: number } {
    if (this.buckets === undefined) {
      const m = this.view.model;
      const { ranks, distinct } = textsOf(m).name.denseRanks();
      const bucketOf = new Int32Array(m.customerCount);
      for (let customer = 0; customer < m.customerCount; customer++) {
        const row = this.rowAt(customer, SETS_NAME);
        bucketOf[customer] = row === -1 ? distinct : (ranks[row] as number);
      }
      this.buckets = { bucketOf, buckets: distinct + 1 };
    }
    return this.buckets;
  }

  /** The customer's name, email and address at this moment; undefined before registration. */
  contactOf(customerId: string): CustomerContact | undefined {
    const customer = this.numberOf(customerId);
    if (customer === undefined) return undefined;
    const m = this.view.model;
    const address = this.rowAt(customer, SETS_ADDRESS);
    return {
      name: m.detailNames[this.rowAt(customer, SETS_NAME)] ?? '',
      email: m.detailEmails[this.rowAt(customer, SETS_EMAIL)] ?? '',
      // As in customerDecider.evolve: an empty address is no address.
      shippingAddress: m.detailAddresses[address] || undefined,
    };
  }

  /**
   * The row of the customer event that last set a field (SETS_NAME, SETS_EMAIL or SETS_ADDRESS) by
   * this moment;
   * -1 if none did. The latest name is at hand; anything else is a walk back through a few events.
   */
  private rowAt(customer: number, field: number): number {
    const m = this.view.model;
    const named = m.customerNamed.get(customer);
    if (field === SETS_NAME && named !== 0 && named <= this.view.position)
      return m.eventDetail.get(named);
    for (
      let p = this.view.latestAt(m.customerLast.get(customer));
      p > 0;
      p = m.eventBefore.get(p)
    ) {
      const row = m.eventDetail.get(p);
      if ((m.detailSets.get(row) & field) !== 0) return row;
    }
    return -1;
  }

  /** Every customer's orders, value and last order at this moment, in one pass over the orders. */
  private customerTotals(): CustomerTotals {
    if (this.totals !== undefined) return this.totals;
    const view = this.view;
    const m = view.model;
    const currencies = m.currencies.values.length;
    const totals: CustomerTotals = {
      orderCount: new Int32Array(m.customerCount),
      value: new Float64Array(m.customerCount * currencies),
      used: new Uint8Array(m.customerCount * currencies),
      lastOrder: new Float64Array(m.customerCount).fill(Number.NaN),
    };
    const placed = m.orderPlaced.array;
    const times = m.eventTime.array;
    const customerOf = m.orderCustomer.array;
    const currencyOf = m.orderCurrency.array;
    const entities = m.eventEntity.array;
    for (let order = 0; order < view.orders.count; order++) {
      const customer = customerOf[order] as number;
      totals.orderCount[customer] = (totals.orderCount[customer] ?? 0) + 1;
      totals.lastOrder[customer] = times[placed[order] as number] as number;
    }
    const book = (positions: Int32Array, amounts: Float64Array, rows: number, sign: number) => {
      const count = partitionPoint(rows, (row) => (positions[row] as number) <= view.position);
      for (let row = 0; row < count; row++) {
        const order = entities[positions[row] as number] as number;
        const at = (customerOf[order] as number) * currencies + (currencyOf[order] as number);
        totals.value[at] = (totals.value[at] ?? 0) + sign * (amounts[row] as number);
        totals.used[at] = 1;
      }
    };
    book(m.paymentPosition.array, m.paymentAmount.array, m.paymentPosition.length, 1);
    book(m.refundPosition.array, m.refundAmount.array, m.refundPosition.length, -1);
    this.totals = totals;
    return totals;
  }

  /**
   * The first `limit` customers whose name or email contains `search`, sorted, and how many
   * match (see `ordering`). One pass keeps the best `limit` so far: the list shows a page, and
   * sorting every customer at each moment would not.
   */
  first({ limit, ...query }: CustomerQuery & { limit: number }): CustomerSelection {
    const { candidates, compare } = this.ordering(query);
    // Keeping the best few costs customers × limit at worst: when many are shown (`Show more`
    // again and again), sorting them all costs less.
    let best: number[];
    if (limit * 8 >= candidates.length)
      best = Array.from(candidates.keys()).sort(compare).slice(0, limit);
    else {
      best = [];
      for (let index = 0; index < candidates.length; index++) {
        const last = best[limit - 1];
        if (last !== undefined && compare(index, last) >= 0) continue;
        best.splice(
          partitionPoint(best.length, (at) => compare(best[at] as number, index) < 0),
          0,
          index,
        );
        if (best.length > limit) best.pop();
      }
    }
    return {
      customers: best.map((index) => this.atNumber(candidates[index] as number)),
      matching: candidates.length,
    };
  }

  /** Every customer that matches, in the order of `first`, each made when asked for. */
  rows(query: CustomerQuery): RowSource<CustomerView> {
    const { candidates, compare } = this.ordering(query);
    const sorted = Array.from(candidates.keys()).sort(compare);
    return {
      count: sorted.length,
      at: (index) => {
        const candidate = sorted[index];
        return candidate === undefined ? undefined : this.atNumber(candidates[candidate] as number);
      },
    };
  }

  /**
   * The customers whose name or email contains `search`, and how they compare (by index in
   * `candidates`). Ties fall back to the name, A→Z, in both directions, then the id (by name,
   * descending is the exact reverse); customers who never ordered come last by last order,
   * whichever the direction. Comparisons are of numbers (names and emails by collation rank).
   */
  private ordering({ key, direction, search }: CustomerQuery): {
    candidates: number[];
    compare: (a: number, b: number) => number;
  } {
    const view = this.view;
    const m = view.model;
    const needle = needleOf(search);
    const matches = needle === '' ? undefined : this.nameOrEmail(needle);
    const candidates: number[] = [];
    for (let index = 0; index < this.count; index++) {
      const customer = m.registrations.get(index);
      if (matches === undefined || matches[customer] === 1) candidates.push(customer);
    }
    const texts = textsOf(m);
    const nameRanks = texts.name.ranksNow();
    const nameRank = new Float64Array(candidates.length);
    candidates.forEach((customer, index) => {
      nameRank[index] = nameRanks[this.rowAt(customer, SETS_NAME)] ?? 0;
    });
    const sign = direction === 'ascending' ? 1 : -1;
    const primary = new Float64Array(candidates.length);
    if (key === 'name') primary.set(nameRank.map((rank) => sign * rank));
    else if (key === 'email') {
      const emailRanks = texts.email.ranksNow();
      candidates.forEach((customer, index) => {
        primary[index] = sign * (emailRanks[this.rowAt(customer, SETS_EMAIL)] ?? 0);
      });
    } else {
      const totals = this.customerTotals();
      const currencies = m.currencies.values;
      const scales = currencies.map(minorUnitsPerMajor);
      candidates.forEach((customer, index) => {
        let value: number;
        if (key === 'orders') value = totals.orderCount[customer] ?? 0;
        else if (key === 'lastOrder') value = totals.lastOrder[customer] ?? Number.NaN;
        else {
          // The lifetime value as one number: the sum over currencies in major units. Exact for
          // the usual single-currency customer; a rough order across currencies.
          value = 0;
          scales.forEach((scale, c) => {
            value += (totals.value[customer * scales.length + c] ?? 0) / scale;
          });
        }
        // NaN: no last order, last either way.
        primary[index] = Number.isNaN(value) ? Number.POSITIVE_INFINITY : sign * value;
      });
    }
    const idSign = key === 'name' ? sign : 1;
    const ids = m.customerIds;
    // Infinity − Infinity is NaN, which falls through to the next comparison like 0.
    const compare = (a: number, b: number): number => {
      const first = ids[candidates[a] as number] as string;
      const second = ids[candidates[b] as number] as string;
      return (
        (primary[a] as number) - (primary[b] as number) ||
        (nameRank[a] as number) - (nameRank[b] as number) ||
        idSign * (first < second ? -1 : first > second ? 1 : 0)
      );
    };
    return { candidates, compare };
  }
}

/**
 * Per model and field (name or email): each customer event's value's collation rank for sorting,
 * made for the rows that have none yet when a list asks. Rows never change, so neither do these;
 * a renumbering of the ranks fills them all again.
 */
class DetailTexts {
  rank = new Float64Array(0);
  private readonly ranks = new CollationRanks();
  private ranked = 0;
  private dense: { ranks: Int32Array; distinct: number } | undefined;
  private rewrites = 0;

  constructor(
    private readonly model: DeskModel,
    private readonly texts: string[],
  ) {}

  /** Forgets what was made of rows a rewrite took back (they may be other rows now). */
  private cut(): void {
    const { details } = this.model.cutSince(this.rewrites);
    this.rewrites = this.model.rewrites.length;
    this.ranked = Math.min(this.ranked, details);
    if (details !== Number.POSITIVE_INFINITY) this.dense = undefined;
  }

  /** Ranks the rows added since the last call (all of them again after a renumbering). */
  ranksNow(): Float64Array {
    this.cut();
    const rows = this.texts.length;
    if (this.ranked === rows) return this.rank;
    const before = this.ranks.generation;
    this.ranks.cover(this.texts.slice(this.ranked));
    if (this.rank.length < rows) {
      const grown = new Float64Array(Math.max(1024, rows * 2));
      grown.set(this.rank.subarray(0, this.ranked));
      this.rank = grown;
    }
    const from = this.ranks.generation === before ? this.ranked : 0;
    for (let row = from; row < rows; row++) this.rank[row] = this.ranks.rank(this.texts[row] ?? '');
    this.ranked = rows;
    return this.rank;
  }

  /**
   * Each row's place among the distinct ranks (0, 1, 2…; equal texts share one), and how many
   * there are: small whole numbers, to sort by them with a counting sort. Made again only when
   * rows were added.
   */
  denseRanks(): { ranks: Int32Array; distinct: number } {
    const rank = this.ranksNow();
    const rows = this.texts.length;
    if (this.dense?.ranks.length !== rows) {
      const sorted = rank.slice(0, rows).sort();
      const distinct: number[] = [];
      for (const value of sorted) if (distinct.at(-1) !== value) distinct.push(value);
      const ranks = new Int32Array(rows);
      for (let row = 0; row < rows; row++)
        ranks[row] = partitionPoint(
          distinct.length,
          (at) => (distinct[at] as number) < (rank[row] as number),
        );
      this.dense = { ranks, distinct: distinct.length };
    }
    return this.dense;
  }
}

const detailTexts = new WeakMap<DeskModel, { name: DetailTexts; email: DetailTexts }>();

function textsOf(model: DeskModel): { name: DetailTexts; email: DetailTexts } {
  let texts = detailTexts.get(model);
  if (texts === undefined) {
    texts = {
      name: new DetailTexts(model, model.detailNames),
      email: new DetailTexts(model, model.detailEmails),
    };
    detailTexts.set(model, texts);
  }
  return texts;
}

/** The dashboard at one moment. */
export class DashboardAt {
  private revenue: { day: string; amounts: Readonly<Record<string, number>> }[] | undefined;
  private activity: ActivityItem[] | undefined;

  constructor(private readonly view: DeskView) {}

  get statusCounts(): Readonly<Record<OrderStatus, number>> {
    return this.view.orders.statusCounts;
  }

  get totals(): DashboardTotals {
    return {
      orders: this.view.orders.count,
      customers: this.view.customers.count,
      events: this.view.position,
    };
  }

  /**
   * Payments minus refunds per UTC day and currency, in day order: what the revenue chart and
   * its table show. Days with no payment or refund are left out.
   */
  get revenueByDay(): readonly { day: string; amounts: Readonly<Record<string, number>> }[] {
    if (this.revenue === undefined) {
      const m = this.view.model;
      const byDay = new Map<number, Record<string, number>>();
      const book = (positions: Int32Array, amounts: Float64Array, rows: number, sign: number) => {
        const count = partitionPoint(
          rows,
          (row) => (positions[row] as number) <= this.view.position,
        );
        for (let row = 0; row < count; row++) {
          const position = positions[row] as number;
          const day = Math.floor(m.eventTime.get(position) / DAY_MS);
          const currency =
            m.currencies.values[m.orderCurrency.get(m.eventEntity.get(position))] ?? '';
          let amountsOfDay = byDay.get(day);
          if (amountsOfDay === undefined) {
            amountsOfDay = {};
            byDay.set(day, amountsOfDay);
          }
          amountsOfDay[currency] = (amountsOfDay[currency] ?? 0) + sign * (amounts[row] as number);
        }
      };
      book(m.paymentPosition.array, m.paymentAmount.array, m.paymentPosition.length, 1);
      book(m.refundPosition.array, m.refundAmount.array, m.refundPosition.length, -1);
      this.revenue = [...byDay.entries()]
        .sort(([a], [b]) => a - b)
        .map(([day, amounts]) => ({ day: iso(day * DAY_MS).slice(0, 10), amounts }));
    }
    return this.revenue;
  }

  /** The latest events at this moment, newest first, at most RECENT_ACTIVITY_SIZE. */
  get recentActivity(): readonly ActivityItem[] {
    if (this.activity === undefined) {
      this.activity = [];
      for (
        let position = this.view.position;
        position > 0 && this.activity.length < RECENT_ACTIVITY_SIZE;
        position--
      ) {
        const event = this.view.eventAt(position);
        if (event?.type !== undefined && event.streamId !== undefined)
          this.activity.push({ ...event, type: event.type, streamId: event.streamId });
      }
    }
    return this.activity;
  }
}
