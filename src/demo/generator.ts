import type { CustomerCommand, CustomerState } from '../domain/customer';
import { customerDecider, normalizeEmail } from '../domain/customer';
import { isDomainError } from '../domain/errors';
import type { DomainEvent, OrderLine, PaymentMethod, StoredEvent } from '../domain/events';
import { CURRENT_DATA_VERSION, customerStreamId, orderStreamId } from '../domain/events';
import type { OrderCommand, OrderState } from '../domain/order';
import { orderDecider } from '../domain/order';
import {
  handleCustomerCommand,
  handleOrderCommand,
  type CommandFacts,
} from '../domain/handleCommand';
import type { PlacedEvent } from '../store/types';
import { CATALOG_CURRENCY, catalog, orderLineOf } from '../domain/products';
import { Random, mulberry32 } from './random';
import {
  carriers,
  cities,
  emailDomains,
  firstNames,
  lastNames,
  paidCancelReasons,
  placedCancelReasons,
  refundReasons,
} from './words';

export interface DemoHistoryOptions {
  /** Any safe integer; the same seed (and options) gives the same events. */
  readonly seed: number;
  /** Exactly how many events to produce. */
  readonly events: number;
  /** No event is later than this; the history ends just before it. */
  readonly end: Date;
  /** The installation URI recorded as every event's metadata source. */
  readonly source: string;
  /** How many days the history spans, ending at `end`. Default 180. */
  readonly days?: number;
  /**
   * What every id of the history carries: 1 to 16 lowercase letters or digits. Histories loaded
   * in different places need different tags, since event ids are unique on a sync server too.
   * Default: the seed in base 36.
   */
  readonly idTag?: string;
}

export interface DemoBatchOptions extends DemoHistoryOptions {
  /** Events per yielded batch (the last one may be shorter). Default 1000. */
  readonly batchSize?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type OrderAction = 'place' | 'pay' | 'ship' | 'deliver' | 'cancel' | 'refund';

/** Something due to happen to an order (or, for 'place', a new customer's first order). */
interface Pending {
  readonly due: number;
  readonly seq: number;
  readonly action: OrderAction;
  /** The order, or for 'place' the customer. */
  readonly target: string;
}

interface CustomerTrack {
  state: CustomerState;
  version: number;
  first: string;
  last: string;
}

interface OrderTrack {
  state: OrderState;
  version: number;
  /** The place-order command: every later event of the order shares it as correlation id. */
  correlationId: string;
}

/** A binary min-heap of pending actions by due time, then by scheduling order (deterministic). */
class Agenda {
  private readonly items: Pending[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Pending | undefined {
    return this.items[0];
  }

  push(item: Pending): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = items[parent];
      if (above === undefined || !before(item, above)) break;
      items[index] = above;
      index = parent;
    }
    items[index] = item;
  }

  pop(): Pending | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const leftItem = items[left];
      const rightItem = items[right];
      let child = left;
      let childItem = leftItem;
      if (rightItem !== undefined && leftItem !== undefined && before(rightItem, leftItem)) {
        child = right;
        childItem = rightItem;
      }
      if (childItem === undefined || !before(childItem, last)) break;
      items[index] = childItem;
      index = child;
    }
    items[index] = last;
    return top;
  }
}

const before = (a: Pending, b: Pending): boolean =>
  a.due < b.due || (a.due === b.due && a.seq < b.seq);

/** Letters of a name usable in an email's local part: "Zoë O’Brien" → "zoe", "obrien". */
const emailPart = (word: string): string =>
  word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

function validate(options: DemoBatchOptions): void {
  const { seed, events, end, source, days = 180, batchSize = 1000, idTag } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be a safe integer');
  if (idTag !== undefined && !/^[a-z0-9]{1,16}$/.test(idTag))
    throw new RangeError('idTag must be 1 to 16 lowercase letters or digits');
  if (!Number.isSafeInteger(events) || events < 0)
    throw new RangeError('events must be a whole number, 0 or more');
  if (Number.isNaN(end.getTime())) throw new RangeError('end must be a valid date');
  if (source.trim() === '') throw new RangeError('source must be the installation URI');
  if (!(days > 0) || !Number.isFinite(days)) throw new RangeError('days must be positive');
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a whole number, 1 or more');
}

/**
 * Drives the real deciders through a simulated shop. Time is tied to the event count: the i-th of
 * N events happens at start + (i/N)·span plus jitter, so the history fills the span whatever N is;
 * order follow-ups (payment, shipping, …) wait in an agenda until the clock reaches them.
 */
class Shop {
  emitted = 0;
  private readonly random: Random;
  private readonly tag: string;
  private readonly startMs: number;
  private readonly spanMs: number;
  private readonly agenda = new Agenda();
  private readonly customers = new Map<string, CustomerTrack>();
  private readonly customerIds: string[] = [];
  private readonly orders = new Map<string, OrderTrack>();
  private readonly emailOwners = new Map<string, string>();
  /** What the deciders ask beyond their stream, as this shop knows it. */
  private readonly facts: CommandFacts = {
    emailOwner: (email) => this.emailOwners.get(email),
    customerExists: (customerId) => this.customers.get(customerId)?.state.status === 'registered',
  };
  private readonly emailSuffixes = new Map<string, number>();
  private clockIndex = -1;
  private clockTime = 0;
  private seq = 0;
  private customerCount = 0;
  private orderCount = 0;
  private paymentCount = 0;
  private commandCount = 0;

  constructor(
    seed: number,
    private readonly total: number,
    end: Date,
    private readonly source: string,
    days: number,
    idTag: string | undefined,
  ) {
    this.random = new Random(mulberry32(seed));
    this.tag = idTag ?? (seed >>> 0).toString(36);
    this.spanMs = Math.round(days * DAY);
    this.startMs = end.getTime() - this.spanMs;
  }

  /** The next events: none, one, or two for an atomic cancellation of a paid order. */
  step(): PlacedEvent[] {
    const now = this.now();
    const next = this.agenda.peek();
    if (next !== undefined && next.due <= now) {
      this.agenda.pop();
      return next.action === 'place'
        ? this.placeOrder(next.target, now)
        : this.advanceOrder(next, now);
    }
    const random = this.random;
    const register = this.customerIds.length < 20 ? 0.5 : 0.15;
    if (this.customerIds.length === 0 || random.chance(register)) return this.register(now);
    if (random.chance(0.025)) return this.changeDetails(now);
    // Earlier customers order more often: they have had time to become regulars.
    const u = random.next();
    const index = Math.floor(this.customerIds.length * u * u);
    return this.placeOrder(this.customerIds[index] ?? this.random.pick(this.customerIds), now);
  }

  /** The time of the next event: start + (i/N)·span, jittered within its slot so times never decrease. */
  private now(): number {
    if (this.clockIndex !== this.emitted) {
      const slot = (i: number) => this.startMs + Math.floor(this.spanMs * (i / this.total));
      const from = slot(this.emitted);
      const width = slot(this.emitted + 1) - from;
      this.clockIndex = this.emitted;
      this.clockTime = width > 0 ? from + this.random.int(0, width - 1) : from;
    }
    return this.clockTime;
  }

  private schedule(action: OrderAction, target: string, due: number): void {
    this.agenda.push({ due, seq: this.seq++, action, target });
  }

  private nextCommandId(): string {
    return `cmd-${this.tag}-${++this.commandCount}`;
  }

  /** Wraps decided events in their envelopes; the events of one command share its time. */
  private envelope(
    events: readonly DomainEvent[],
    streamId: string,
    firstVersion: number,
    time: number,
    commandId: string,
    correlationId: string,
  ): PlacedEvent[] {
    const recorded = new Date(time).toISOString();
    return events.map((event, offset) => ({
      ...event,
      id: `e-${this.tag}-${this.emitted + offset + 1}`,
      streamId,
      streamVersion: firstVersion + offset,
      time: recorded,
      dataVersion: CURRENT_DATA_VERSION,
      metadata: { source: this.source, correlationId, causationId: commandId },
    }));
  }

  private decideCustomer(customerId: string, command: CustomerCommand, time: number) {
    const track = this.customers.get(customerId);
    const handled = handleCustomerCommand(
      command,
      track?.state ?? customerDecider.initialState(),
      this.facts,
    );
    if (isDomainError(handled)) return handled;
    const commandId = this.nextCommandId();
    const placed = this.envelope(
      handled.events,
      customerStreamId(customerId),
      (track?.version ?? 0) + 1,
      time,
      commandId,
      commandId,
    );
    this.emitted += placed.length;
    return { placed, state: handled.state, version: (track?.version ?? 0) + placed.length };
  }

  private uniqueEmail(first: string, last: string): string {
    const local = `${emailPart(first)}.${emailPart(last)}`;
    const domain = this.random.pick(emailDomains);
    const base = `${local}@${domain}`;
    if (!this.emailOwners.has(base)) return base;
    // A counter per address, so finding a free one never loops long.
    let suffix = this.emailSuffixes.get(base) ?? 1;
    let email: string;
    do email = `${local}${++suffix}@${domain}`;
    while (this.emailOwners.has(email));
    this.emailSuffixes.set(base, suffix);
    return email;
  }

  private address(): string {
    const random = this.random;
    const place = random.pick(cities);
    const postcode = place.postcode.replace(/#/g, () => random.digits(1));
    return `${random.pick(place.streets)} ${random.int(1, 180)}, ${postcode} ${place.city}, ${place.country}`;
  }

  private register(now: number): PlacedEvent[] {
    const random = this.random;
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const customerId = `c-${this.tag}-${++this.customerCount}`;
    const email = this.uniqueEmail(first, last);
    const shippingAddress = random.chance(0.9) ? this.address() : undefined;
    const decided = this.decideCustomer(
      customerId,
      {
        type: 'RegisterCustomer',
        data: {
          customerId,
          name: `${first} ${last}`,
          email,
          ...(shippingAddress === undefined ? {} : { shippingAddress }),
        },
      },
      now,
    );
    if (isDomainError(decided)) throw new Error(`Demo generator bug: ${decided.message}`);
    this.customers.set(customerId, { state: decided.state, version: decided.version, first, last });
    this.customerIds.push(customerId);
    this.emailOwners.set(normalizeEmail(email), customerId);
    // Most people register to order something soon.
    if (random.chance(0.85))
      this.schedule('place', customerId, now + random.delay(MINUTE, 3 * DAY));
    return decided.placed;
  }

  private changeDetails(now: number): PlacedEvent[] {
    const random = this.random;
    const customerId = random.pick(this.customerIds);
    const track = this.customers.get(customerId);
    if (track?.state.status !== 'registered') return this.register(now);
    const roll = random.next();
    let last = track.last;
    let data: { customerId: string; name?: string; email?: string; shippingAddress?: string };
    if (roll < 0.55) data = { customerId, shippingAddress: this.address() };
    else if (roll < 0.8) data = { customerId, email: this.uniqueEmail(track.first, track.last) };
    else {
      last = random.pick(lastNames);
      data = { customerId, name: `${track.first} ${last}` };
    }
    const decided = this.decideCustomer(customerId, { type: 'ChangeCustomerDetails', data }, now);
    // The draw may repeat what is already there (same address, same name): do something else.
    if (isDomainError(decided)) {
      if (decided.code === 'nothing_changed') return this.register(now);
      throw new Error(`Demo generator bug: ${decided.message}`);
    }
    const oldEmail = track.state.email;
    if (decided.state.status === 'registered' && decided.state.email !== oldEmail) {
      this.emailOwners.delete(normalizeEmail(oldEmail));
      this.emailOwners.set(normalizeEmail(decided.state.email), customerId);
    }
    this.customers.set(customerId, {
      ...track,
      state: decided.state,
      version: decided.version,
      last,
    });
    return decided.placed;
  }

  private lines(): OrderLine[] {
    const random = this.random;
    const roll = random.next();
    const count = roll < 0.5 ? 1 : roll < 0.78 ? 2 : roll < 0.92 ? 3 : roll < 0.98 ? 4 : 5;
    const products = catalog.slice();
    const lines: OrderLine[] = [];
    for (let i = 0; i < count && products.length > 0; i++) {
      // Distinct products: take one out of the remaining list.
      const [product] = products.splice(random.int(0, products.length - 1), 1);
      if (product === undefined) break;
      const q = random.next();
      lines.push(orderLineOf(product, q < 0.75 ? 1 : q < 0.92 ? 2 : random.int(3, 6)));
    }
    return lines;
  }

  private decideOrder(orderId: string, command: OrderCommand, time: number, remaining: number) {
    const track = this.orders.get(orderId);
    const handled = handleOrderCommand(
      command,
      track?.state ?? orderDecider.initialState(),
      this.facts,
    );
    if (isDomainError(handled)) throw new Error(`Demo generator bug: ${handled.message}`);
    // Only an atomic cancellation of a paid order makes two events; at the very end there may be
    // room for one only. The order then simply stays as it is.
    if (handled.events.length > remaining) return undefined;
    const commandId = this.nextCommandId();
    const correlationId = track?.correlationId ?? commandId;
    const version = track?.version ?? 0;
    const placed = this.envelope(
      handled.events,
      orderStreamId(orderId),
      version + 1,
      time,
      commandId,
      correlationId,
    );
    this.emitted += placed.length;
    this.orders.set(orderId, {
      state: handled.state,
      version: version + placed.length,
      correlationId,
    });
    return placed;
  }

  private placeOrder(customerId: string, now: number): PlacedEvent[] {
    const random = this.random;
    const orderId = `o-${this.tag}-${++this.orderCount}`;
    const placed = this.decideOrder(
      orderId,
      {
        type: 'PlaceOrder',
        data: { orderId, customerId, currency: CATALOG_CURRENCY, items: this.lines() },
      },
      now,
      this.total - this.emitted,
    );
    if (placed === undefined) return [];
    if (random.chance(0.05))
      this.schedule('cancel', orderId, now + random.delay(30 * MINUTE, 2 * DAY));
    else this.schedule('pay', orderId, now + random.delay(2 * MINUTE, DAY));
    return placed;
  }

  private paymentMethod(): PaymentMethod {
    const roll = this.random.next();
    return roll < 0.68 ? 'card' : roll < 0.88 ? 'bank_transfer' : 'cash';
  }

  private advanceOrder(pending: Pending, now: number): PlacedEvent[] {
    const random = this.random;
    const orderId = pending.target;
    const track = this.orders.get(orderId);
    if (track === undefined || track.state.status === 'none') return [];
    let command: OrderCommand;
    switch (pending.action) {
      case 'pay':
        command = {
          type: 'RecordPayment',
          data: {
            orderId,
            paymentId: `pay-${this.tag}-${++this.paymentCount}`,
            amount: track.state.total,
            method: this.paymentMethod(),
          },
        };
        break;
      case 'ship': {
        const carrier = random.pick(carriers);
        command = {
          type: 'ShipOrder',
          data: {
            orderId,
            carrier: carrier.name,
            trackingNumber: carrier.prefix + random.digits(carrier.digits),
          },
        };
        break;
      }
      case 'deliver':
        command = { type: 'MarkDelivered', data: { orderId } };
        break;
      case 'cancel':
        command = {
          type: 'CancelOrder',
          data: {
            orderId,
            reason: random.pick(
              track.state.status === 'Paid' ? paidCancelReasons : placedCancelReasons,
            ),
          },
        };
        break;
      case 'refund':
        command = { type: 'RefundOrder', data: { orderId, reason: random.pick(refundReasons) } };
        break;
      case 'place':
        return [];
    }
    const placed = this.decideOrder(orderId, command, now, this.total - this.emitted);
    if (placed === undefined) {
      this.orders.delete(orderId);
      return [];
    }
    switch (pending.action) {
      case 'pay':
        if (random.chance(0.03))
          this.schedule('cancel', orderId, now + random.delay(HOUR, 2 * DAY));
        else this.schedule('ship', orderId, now + random.delay(6 * HOUR, 3 * DAY));
        break;
      case 'ship':
        this.schedule('deliver', orderId, now + random.delay(DAY, 5 * DAY));
        break;
      case 'deliver':
        if (random.chance(0.06))
          this.schedule('refund', orderId, now + random.delay(2 * DAY, 25 * DAY));
        else this.orders.delete(orderId);
        break;
      case 'cancel':
      case 'refund':
        // Nothing more will happen to this order: forget it.
        this.orders.delete(orderId);
        break;
    }
    return placed;
  }
}

/**
 * A deterministic, realistic demo history of exactly `options.events` events, one at a time:
 * customers registering (and now and then changing their details), orders from the catalog moving
 * Placed → Paid → Shipped → Delivered over days, some cancelled (when Placed or Paid) and some
 * delivered ones refunded. Times never decrease and lie in [end − days, end).
 */
export function* generateDemoEvents(
  options: DemoHistoryOptions,
): Generator<PlacedEvent, void, undefined> {
  validate(options);
  const shop = new Shop(
    options.seed,
    options.events,
    options.end,
    options.source,
    options.days ?? 180,
    options.idTag,
  );
  while (shop.emitted < options.events) yield* shop.step();
}

/** The same events as `generateDemoEvents`, in batches of `batchSize`, for ingesting 1M events. */
export function* generateDemoBatches(
  options: DemoBatchOptions,
): Generator<PlacedEvent[], void, undefined> {
  validate(options);
  const size = options.batchSize ?? 1000;
  let batch: PlacedEvent[] = [];
  for (const event of generateDemoEvents(options)) {
    batch.push(event);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The whole demo history as one array. */
export function generateDemoHistory(options: DemoHistoryOptions): PlacedEvent[] {
  return [...generateDemoEvents(options)];
}

/** Envelopes as the store would give them, positions from `firstPosition` (tests, benchmarks). */
export function toStoredEvents(events: readonly PlacedEvent[], firstPosition = 1): StoredEvent[] {
  return events.map((event, index) => ({
    ...event,
    position: firstPosition + index,
    dataVersion: event.dataVersion ?? CURRENT_DATA_VERSION,
  }));
}
