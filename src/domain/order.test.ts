import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainErrorCode } from './errors';
import { deciderSpec, expectRejected, givenFor } from './testing';
import type { OrderEvent, OrderLine, PaymentMethod } from './events';
import type { OrderCommand, OrderContext } from './order';
import {
  MAX_CARRIER_LENGTH,
  MAX_PRODUCT_NAME_LENGTH,
  MAX_REASON_LENGTH,
  MAX_TRACKING_NUMBER_LENGTH,
} from './limits';
import { MAX_LINES, MAX_QUANTITY, orderDecider, orderEventProblem, orderTotal } from './order';

const { initialState, evolve } = orderDecider;

const given = givenFor(orderDecider);
const spec = deciderSpec(orderDecider);

/** Text a person may paste that no log keeps: a NUL, halves of surrogate pairs. */
const unstorableTexts = ['Nul\u0000here', 'half \uD83D of a cake', '\uDE82 low half'];

const customerExists: OrderContext = { customerExists: true };
const noCustomer: OrderContext = { customerExists: false };

const line = (overrides: Partial<OrderLine> = {}): OrderLine => ({
  product_id: 'p-mug',
  name: 'Mug',
  quantity: 2,
  unit_price: 1250,
  ...overrides,
});
const teaLine: OrderLine = { product_id: 'p-tea', name: 'Earl Grey', quantity: 1, unit_price: 399 };
const TOTAL = 2 * 1250 + 399; // 2899

// Commands
const place = (
  data: Partial<Extract<OrderCommand, { type: 'PlaceOrder' }>['data']> = {},
): OrderCommand => ({
  type: 'PlaceOrder',
  data: { orderId: 'o-1', customerId: 'c-1', currency: 'EUR', items: [line(), teaLine], ...data },
});
const pay = (
  data: Partial<Extract<OrderCommand, { type: 'RecordPayment' }>['data']> = {},
): OrderCommand => ({
  type: 'RecordPayment',
  data: { orderId: 'o-1', paymentId: 'pay-1', amount: TOTAL, method: 'card', ...data },
});
const ship = (carrier = 'DHL', trackingNumber = 'JD0123456789', orderId = 'o-1'): OrderCommand => ({
  type: 'ShipOrder',
  data: { orderId, carrier, trackingNumber },
});
const deliver = (orderId = 'o-1'): OrderCommand => ({ type: 'MarkDelivered', data: { orderId } });
const cancel = (reason = 'Customer changed their mind', orderId = 'o-1'): OrderCommand => ({
  type: 'CancelOrder',
  data: { orderId, reason },
});
const refund = (reason = 'Returned: arrived broken', orderId = 'o-1'): OrderCommand => ({
  type: 'RefundOrder',
  data: { orderId, reason },
});

// Events
const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    order_id: 'o-1',
    customer_id: 'c-1',
    currency: 'EUR',
    items: [line(), teaLine],
    total: TOTAL,
  },
};
/** Order o-1 for c-1 in EUR, placed with these lines and total. */
const placedWith = (items: OrderLine[], total: number): OrderEvent => ({
  type: 'OrderPlaced',
  data: { order_id: 'o-1', customer_id: 'c-1', currency: 'EUR', items, total },
});
const paid: OrderEvent = {
  type: 'PaymentProcessed',
  data: { order_id: 'o-1', payment_id: 'pay-1', amount: TOTAL, method: 'card' },
};
const shipped: OrderEvent = {
  type: 'OrderShipped',
  data: { order_id: 'o-1', carrier: 'DHL', tracking_number: 'JD0123456789' },
};
const delivered: OrderEvent = { type: 'OrderDelivered', data: { order_id: 'o-1' } };
const cancelled: OrderEvent = {
  type: 'OrderCancelled',
  data: { order_id: 'o-1', reason: 'Out of stock' },
};
const refundedAfterCancel: OrderEvent = {
  type: 'PaymentRefunded',
  data: { order_id: 'o-1', payment_id: 'pay-1', amount: TOTAL, reason: 'Out of stock' },
};
const returned: OrderEvent = {
  type: 'PaymentRefunded',
  data: { order_id: 'o-1', payment_id: 'pay-1', amount: TOTAL, reason: 'Returned' },
};

/** Every reachable state, by name, with the events that lead to it. */
const histories = {
  Placed: [placed],
  Paid: [placed, paid],
  Shipped: [placed, paid, shipped],
  Delivered: [placed, paid, shipped, delivered],
  'Cancelled (unpaid)': [placed, cancelled],
  'Cancelled (paid, refunded)': [placed, paid, cancelled, refundedAfterCancel],
  Refunded: [placed, paid, shipped, delivered, returned],
} satisfies Record<string, OrderEvent[]>;
type HistoryName = keyof typeof histories;
const allBut = (...allowed: HistoryName[]): HistoryName[] =>
  (Object.keys(histories) as HistoryName[]).filter((name) => !allowed.includes(name));

const invalidIds = ['', ' ', 'has space', 'a/b', 'o.1', 'ordér', 'x'.repeat(65)];

describe('no order yet', () => {
  describe('PlaceOrder', () => {
    it('places the order with its lines and total = Σ quantity × unit_price', () => {
      spec.given().when(place(), customerExists).then([placed]);
    });

    it('computes the total over every line', () => {
      const items = [
        line({ quantity: 3, unit_price: 100 }),
        line({ product_id: 'p-2', quantity: 999, unit_price: 7 }),
        line({ product_id: 'p-3', quantity: 1, unit_price: 0 }),
      ];
      spec
        .given()
        .when(place({ items }), customerExists)
        .then([placedWith(items, 300 + 6993)]);
      expect(orderTotal(items)).toBe(7293);
    });

    it('accepts free lines: a total of 0', () => {
      const items = [line({ unit_price: 0 })];
      spec
        .given()
        .when(place({ items }), customerExists)
        .then([placedWith(items, 0)]);
    });

    it(`rejects a product name over ${MAX_PRODUCT_NAME_LENGTH} characters`, () => {
      const name = 'p'.repeat(MAX_PRODUCT_NAME_LENGTH + 1);
      const error = spec
        .given()
        .when(place({ items: [teaLine, line({ name })] }), customerExists)
        .thenRejects('text_too_long');
      expect(error.message).toBe(
        `Line 2: the product name is too long: at most ${MAX_PRODUCT_NAME_LENGTH} characters.`,
      );
    });

    it.each(unstorableTexts)('rejects a product name that cannot be stored (%j)', (name) => {
      const error = spec
        .given()
        .when(place({ items: [teaLine, line({ name })] }), customerExists)
        .thenRejects('invalid_text');
      expect(error.message).toMatch(
        /^Line 2: the product name holds .*, which cannot be stored: type it again/u,
      );
    });

    it('trims the product names on the lines', () => {
      spec
        .given()
        .when(place({ items: [line({ name: '  Mug ' })] }), customerExists)
        .then([placedWith([line()], 2500)]);
    });

    it('rejects the order when the customer does not exist', () => {
      spec.given().when(place(), noCustomer).thenRejects('customer_not_found');
    });

    it('rejects an order with no lines', () => {
      spec
        .given()
        .when(place({ items: [] }), customerExists)
        .thenRejects('invalid_lines');
    });

    it(`accepts ${MAX_LINES} lines`, () => {
      const items = Array.from({ length: MAX_LINES }, (_, i) =>
        line({ product_id: `p-${i}`, quantity: 1, unit_price: 10 }),
      );
      spec
        .given()
        .when(place({ items }), customerExists)
        .then([placedWith(items, 500)]);
    });

    it(`rejects ${MAX_LINES + 1} lines`, () => {
      const items = Array.from({ length: MAX_LINES + 1 }, (_, i) => line({ product_id: `p-${i}` }));
      spec.given().when(place({ items }), customerExists).thenRejects('invalid_lines');
    });

    it.each([0, MAX_QUANTITY + 1, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects the quantity %s',
      (quantity) => {
        spec
          .given()
          .when(place({ items: [teaLine, line({ quantity })] }), customerExists)
          .thenRejects('invalid_quantity');
      },
    );

    it.each([1, MAX_QUANTITY])('accepts the quantity %s', (quantity) => {
      const items = [line({ quantity, unit_price: 3 })];
      spec
        .given()
        .when(place({ items }), customerExists)
        .then([placedWith(items, quantity * 3)]);
    });

    it.each([-1, -0.5, 12.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects the unit price %s',
      (unit_price) => {
        spec
          .given()
          .when(place({ items: [line({ unit_price })] }), customerExists)
          .thenRejects('invalid_price');
      },
    );

    it('rejects a total too large to count exactly in cents', () => {
      const items = [line({ quantity: MAX_QUANTITY, unit_price: Number.MAX_SAFE_INTEGER })];
      spec.given().when(place({ items }), customerExists).thenRejects('invalid_price');
    });

    it.each([
      ['an empty product id', line({ product_id: '' })],
      ['an invalid product id', line({ product_id: 'mug #1' })],
      ['a blank product name', line({ name: '   ' })],
    ])('rejects a line with %s', (_, bad) => {
      spec
        .given()
        .when(place({ items: [teaLine, bad] }), customerExists)
        .thenRejects('invalid_lines');
    });

    it.each(['', 'eur', 'EU', 'EURO', 'E1R', ' EUR'])('rejects the currency %j', (currency) => {
      spec.given().when(place({ currency }), customerExists).thenRejects('invalid_currency');
    });

    it.each(['USD', 'JPY', 'GBP'])('accepts the currency %s', (currency) => {
      spec
        .given()
        .when(place({ currency }), customerExists)
        .then([{ type: 'OrderPlaced', data: { ...placed.data, currency } }]);
    });

    it.each(invalidIds)('rejects the invalid order id %j', (orderId) => {
      spec.given().when(place({ orderId }), customerExists).thenRejects('invalid_id');
    });
  });

  it.each([
    ['RecordPayment', pay()],
    ['ShipOrder', ship()],
    ['MarkDelivered', deliver()],
    ['CancelOrder', cancel()],
    ['RefundOrder', refund()],
  ])('rejects %s: there is no such order', (_, command) => {
    spec.given().when(command, customerExists).thenRejects('order_not_found');
  });

  it.each([
    ['RecordPayment', pay({ orderId: 'bad id' })],
    ['ShipOrder', ship('DHL', 'T1', 'bad id')],
    ['MarkDelivered', deliver('bad id')],
    ['CancelOrder', cancel('why', 'bad id')],
    ['RefundOrder', refund('why', 'bad id')],
  ])('rejects %s with an invalid order id', (_, command) => {
    spec
      .given([...histories.Placed])
      .when(command, customerExists)
      .thenRejects('invalid_id');
  });
});

describe.each(Object.keys(histories) as HistoryName[])('an order that is %s', (name) => {
  it('rejects placing it again', () => {
    spec
      .given([...histories[name]])
      .when(place(), customerExists)
      .thenRejects('order_already_placed');
  });
});

describe('a Placed order', () => {
  const order = spec.given([placed]);

  it('records a payment of the full amount', () => {
    order.when(pay(), customerExists).then([paid]);
  });

  it.each<PaymentMethod>(['card', 'cash', 'bank_transfer'])('accepts the method %s', (method) => {
    order
      .when(pay({ method }), customerExists)
      .then([{ type: 'PaymentProcessed', data: { ...paid.data, method } }]);
  });

  it('rejects an unknown payment method', () => {
    const paypal: string = 'paypal';
    order
      .when(pay({ method: paypal as PaymentMethod }), customerExists)
      .thenRejects('invalid_method');
  });

  it.each([TOTAL - 1, TOTAL + 1, 0, Math.floor(TOTAL / 2)])(
    'rejects a payment of %s: it must equal the total',
    (amount) => {
      order.when(pay({ amount }), customerExists).thenRejects('amount_mismatch');
    },
  );

  it.each(invalidIds)('rejects the invalid payment id %j', (paymentId) => {
    order.when(pay({ paymentId }), customerExists).thenRejects('invalid_id');
  });

  it('cancels with OrderCancelled only (nothing was paid)', () => {
    order.when(cancel('  Out of stock '), customerExists).then([cancelled]);
  });

  it.each(['', '   '])('rejects a cancellation without a reason (%j)', (reason) => {
    order.when(cancel(reason), customerExists).thenRejects('missing_reason');
  });

  it(`accepts a reason of ${MAX_REASON_LENGTH} characters, and refuses a longer one`, () => {
    const reason = 'r'.repeat(MAX_REASON_LENGTH);
    order
      .when(cancel(` ${reason} `), customerExists)
      .then([{ type: 'OrderCancelled', data: { order_id: 'o-1', reason } }]);
    const error = order.when(cancel(`${reason}r`), customerExists).thenRejects('text_too_long');
    expect(error.message).toBe(`The reason is too long: at most ${MAX_REASON_LENGTH} characters.`);
  });

  it.each(unstorableTexts)('rejects a cancellation reason that cannot be stored (%j)', (reason) => {
    const error = order.when(cancel(reason), customerExists).thenRejects('invalid_text');
    expect(error.message).toMatch(/^The reason holds .*, which cannot be stored/u);
  });

  it('accepts a free order’s payment of 0', () => {
    const freeOrder: OrderEvent = placedWith([line({ unit_price: 0 })], 0);
    spec
      .given([freeOrder])
      .when(pay({ amount: 0, method: 'cash' }), customerExists)
      .then([
        {
          type: 'PaymentProcessed',
          data: { order_id: 'o-1', payment_id: 'pay-1', amount: 0, method: 'cash' },
        },
      ]);
  });
});

describe('a Paid order', () => {
  const order = spec.given([placed, paid]);

  it('ships with the trimmed carrier and tracking number', () => {
    order.when(ship('  DHL ', ' JD0123456789 '), customerExists).then([shipped]);
  });

  it.each([
    ['', 'JD0123456789'],
    ['   ', 'JD0123456789'],
    ['DHL', ''],
    ['DHL', '  '],
    ['', ''],
  ])('rejects shipping with carrier %j and tracking number %j', (carrier, tracking) => {
    order.when(ship(carrier, tracking), customerExists).thenRejects('missing_shipping_details');
  });

  it.each([
    ['x'.repeat(MAX_CARRIER_LENGTH + 1), 'JD0123456789', 'The carrier'],
    ['DHL', '1'.repeat(MAX_TRACKING_NUMBER_LENGTH + 1), 'The tracking number'],
  ])(
    'rejects shipping with a carrier or tracking number over its limit',
    (carrier, tracking, what) => {
      const error = order
        .when(ship(carrier, tracking), customerExists)
        .thenRejects('text_too_long');
      expect(error.message).toMatch(
        new RegExp(`^${what} is too long: at most \\d+ characters[.]$`),
      );
    },
  );

  it.each([
    ['DH\u0000L', 'JD0123456789', 'The carrier'],
    ['DHL', 'JD\uD83D0123', 'The tracking number'],
  ])(
    'rejects shipping with a carrier or tracking number that cannot be stored (%j, %j)',
    (carrier, tracking, what) => {
      const error = order.when(ship(carrier, tracking), customerExists).thenRejects('invalid_text');
      expect(error.message.startsWith(`${what} holds `)).toBe(true);
    },
  );

  it(`ships with a carrier of ${MAX_CARRIER_LENGTH} and a tracking number of ${MAX_TRACKING_NUMBER_LENGTH} characters`, () => {
    const carrier = 'c'.repeat(MAX_CARRIER_LENGTH);
    const trackingNumber = 't'.repeat(MAX_TRACKING_NUMBER_LENGTH);
    order.when(ship(carrier, trackingNumber), customerExists).then([
      {
        type: 'OrderShipped',
        data: { order_id: 'o-1', carrier, tracking_number: trackingNumber },
      },
    ]);
  });

  it('cancels with OrderCancelled and a full PaymentRefunded for the payment, together', () => {
    order.when(cancel(' Out of stock '), customerExists).then([cancelled, refundedAfterCancel]);
  });

  it('refunds the payment id and amount that were actually recorded', () => {
    const cashPayment: OrderEvent = {
      type: 'PaymentProcessed',
      data: { order_id: 'o-1', payment_id: 'cash-77', amount: TOTAL, method: 'cash' },
    };
    spec
      .given([placed, cashPayment])
      .when(cancel('Duplicate order'), customerExists)
      .then([
        { type: 'OrderCancelled', data: { order_id: 'o-1', reason: 'Duplicate order' } },
        {
          type: 'PaymentRefunded',
          data: {
            order_id: 'o-1',
            payment_id: 'cash-77',
            amount: TOTAL,
            reason: 'Duplicate order',
          },
        },
      ]);
  });

  it.each(['', '  '])('rejects a cancellation without a reason (%j)', (reason) => {
    order.when(cancel(reason), customerExists).thenRejects('missing_reason');
  });
});

describe('a Shipped order', () => {
  it('is marked delivered', () => {
    spec.given([placed, paid, shipped]).when(deliver(), customerExists).then([delivered]);
  });
});

describe('a Delivered order', () => {
  const order = spec.given([placed, paid, shipped, delivered]);

  it('refunds the full amount to the recorded payment (a return)', () => {
    order.when(refund('  Returned '), customerExists).then([returned]);
  });

  it.each(['', '   '])('rejects a refund without a reason (%j)', (reason) => {
    order.when(refund(reason), customerExists).thenRejects('missing_reason');
  });

  it(`rejects a refund reason over ${MAX_REASON_LENGTH} characters`, () => {
    order
      .when(refund('r'.repeat(MAX_REASON_LENGTH + 1)), customerExists)
      .thenRejects('text_too_long');
  });

  it.each(unstorableTexts)('rejects a refund reason that cannot be stored (%j)', (reason) => {
    order.when(refund(reason), customerExists).thenRejects('invalid_text');
  });
});

describe('orderEventProblem: an event, as an import checks it, against the order', () => {
  it('accepts what the commands record, in the order they record it', () => {
    let state = given();
    for (const event of [placed, paid, shipped, delivered, returned]) {
      expect(orderEventProblem(state, event, customerExists)).toBeUndefined();
      state = evolve(state, event);
    }
  });

  it('refuses an order for a customer who is not registered', () => {
    expectRejected(orderEventProblem(given(), placed, noCustomer), 'customer_not_found');
  });

  it.each<[string, OrderEvent[], OrderEvent, DomainErrorCode]>([
    ['a payment of no order', [], paid, 'order_not_found'],
    ['an order placed twice', [placed], placed, 'order_already_placed'],
    ['a second payment', [placed, paid], paid, 'invalid_status'],
    ['a shipment before payment', [placed], shipped, 'invalid_status'],
    ['a delivery before shipment', [placed, paid], delivered, 'invalid_status'],
    ['a cancellation after shipment', [placed, paid, shipped], cancelled, 'invalid_status'],
    ['a refund of an order not delivered', [placed, paid], returned, 'invalid_status'],
    ['a second refund', [...histories.Refunded], returned, 'invalid_status'],
    ['a refund of an unpaid cancelled order', [placed, cancelled], returned, 'nothing_to_refund'],
    [
      'a second refund of a cancelled order',
      [...histories['Cancelled (paid, refunded)']],
      returned,
      'nothing_to_refund',
    ],
  ])('refuses %s', (_, history, event, code) => {
    expectRejected(orderEventProblem(given(...history), event, customerExists), code);
  });

  it('refuses a payment that is not the total', () => {
    const partial: OrderEvent = { ...paid, data: { ...paid.data, amount: TOTAL - 1 } };
    expectRejected(orderEventProblem(given(placed), partial, customerExists), 'amount_mismatch');
  });

  it('refuses a refund to another payment, or of another amount', () => {
    const state = given(...histories.Delivered);
    const elsewhere: OrderEvent = { ...returned, data: { ...returned.data, payment_id: 'pay-9' } };
    const error = expectRejected(
      orderEventProblem(state, elsewhere, customerExists),
      'payment_mismatch',
    );
    expect(error.message).toBe('The refund must go back to the payment pay-1 that paid the order.');
    const partial: OrderEvent = { ...returned, data: { ...returned.data, amount: 1 } };
    expectRejected(orderEventProblem(state, partial, customerExists), 'amount_mismatch');
  });

  it('accepts the refund of a paid order right after its cancellation', () => {
    expect(
      orderEventProblem(given(placed, paid, cancelled), refundedAfterCancel, customerExists),
    ).toBeUndefined();
  });
});

describe('commands in the wrong status', () => {
  const cases: [string, OrderCommand, HistoryName[]][] = [
    ['RecordPayment', pay(), allBut('Placed')],
    ['ShipOrder', ship(), allBut('Paid')],
    ['MarkDelivered', deliver(), allBut('Shipped')],
    ['CancelOrder', cancel(), allBut('Placed', 'Paid')],
    ['RefundOrder', refund(), allBut('Delivered')],
  ];
  const rows = cases.flatMap(([commandName, command, names]) =>
    names.map((name) => [commandName, name, command] as const),
  );

  it('covers every disallowed pair', () => {
    expect(rows).toHaveLength(6 + 6 + 6 + 5 + 6);
  });

  it.each(rows)('rejects %s for an order that is %s', (_, name, command) => {
    const error = spec
      .given([...histories[name]])
      .when(command, customerExists)
      .thenRejects('invalid_status');
    expect(error.message).toContain('o-1');
  });

  it('rejects cancelling a Shipped order even with a reason, appending no refund', () => {
    spec
      .given([...histories.Shipped])
      .when(cancel('Too late'), customerExists)
      .thenRejects('invalid_status');
  });
});

describe('evolve', () => {
  it('starts with no order', () => {
    expect(initialState()).toStrictEqual({ status: 'none' });
  });

  it('OrderPlaced makes a Placed order with its customer, currency and total', () => {
    expect(given(placed)).toStrictEqual({
      status: 'Placed',
      orderId: 'o-1',
      customerId: 'c-1',
      currency: 'EUR',
      total: TOTAL,
    });
  });

  it('PaymentProcessed makes it Paid and remembers the payment id', () => {
    expect(given(placed, paid)).toStrictEqual({
      status: 'Paid',
      orderId: 'o-1',
      customerId: 'c-1',
      currency: 'EUR',
      total: TOTAL,
      paymentId: 'pay-1',
    });
  });

  it.each<[HistoryName, string]>([
    ['Placed', 'Placed'],
    ['Paid', 'Paid'],
    ['Shipped', 'Shipped'],
    ['Delivered', 'Delivered'],
    ['Cancelled (unpaid)', 'Cancelled'],
    ['Cancelled (paid, refunded)', 'Cancelled'],
    ['Refunded', 'Refunded'],
  ])('the history %s leads to the status %s', (name, status) => {
    expect(given(...histories[name]).status).toBe(status);
  });

  it.each([paid, shipped, delivered, cancelled, returned])(
    'a stray $type on no order returns the state unchanged',
    (event) => {
      const state = given();
      expect(() => evolve(state, event)).not.toThrow();
      expect(evolve(state, event)).toBe(state);
    },
  );

  it('a PaymentRefunded after a cancellation keeps the order Cancelled, its payment refunded', () => {
    const state = given(placed, paid, cancelled);
    expect(evolve(state, refundedAfterCancel)).toStrictEqual({ ...state, refunded: true });
  });

  it('follows the log even when events arrive out of the usual order', () => {
    expect(given(placed, delivered).status).toBe('Delivered');
    expect(given(placed, shipped, paid).status).toBe('Paid');
  });

  it('never throws on any sequence of order events', () => {
    const anyEvent = fc.constantFrom<OrderEvent>(
      placed,
      paid,
      shipped,
      delivered,
      cancelled,
      refundedAfterCancel,
      returned,
    );
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 12 }), (events) => {
        const state = given(...events);
        expect(state.status === 'none').toBe(!events.some((e) => e.type === 'OrderPlaced'));
      }),
    );
  });
});

describe('the whole life of an order, decided and folded step by step', () => {
  it('goes Placed → Paid → Shipped → Delivered → Refunded', () => {
    const paidByTransfer: OrderEvent = {
      type: 'PaymentProcessed',
      data: { ...paid.data, method: 'bank_transfer' },
    };
    const refunded: OrderEvent = {
      type: 'PaymentRefunded',
      data: { ...returned.data, reason: 'Returned: arrived broken' },
    };
    const steps: [OrderCommand, OrderEvent, string][] = [
      [place(), placed, 'Placed'],
      [pay({ method: 'bank_transfer' }), paidByTransfer, 'Paid'],
      [ship(), shipped, 'Shipped'],
      [deliver(), delivered, 'Delivered'],
      [refund(), refunded, 'Refunded'],
    ];
    const history: OrderEvent[] = [];
    for (const [command, event, status] of steps) {
      spec
        .given([...history])
        .when(command, customerExists)
        .then([event]);
      history.push(event);
      expect(given(...history).status).toBe(status);
    }
  });

  it('goes Placed → Paid → Cancelled, with the refund folded in', () => {
    spec
      .given([placed, paid])
      .when(cancel('Out of stock'), customerExists)
      .then([cancelled, refundedAfterCancel]);
    expect(given(placed, paid, cancelled, refundedAfterCancel).status).toBe('Cancelled');
  });
});
