import { describe, expect, it } from 'vitest';
import type { DomainErrorCode } from './errors';
import type { DomainEvent, OrderEvent } from './events';
import { HistoryCheck, type EventFacts, type LoggedStreams } from './historyCheck';
import { evolveOrder, type OrderState } from './order';
import { expectRejected } from './testing';

const registered = (customerId: string): DomainEvent => ({
  type: 'CustomerRegistered',
  data: { customer_id: customerId, name: 'Ada', email: `${customerId}@example.com` },
});
const changed = (customerId: string): DomainEvent => ({
  type: 'CustomerDetailsChanged',
  data: { customer_id: customerId, name: 'Ada King' },
});
const placed = (orderId = 'o-1', customerId = 'c-1', total = 2500): OrderEvent => ({
  type: 'OrderPlaced',
  data: {
    order_id: orderId,
    customer_id: customerId,
    currency: 'EUR',
    items: [{ product_id: 'mug', name: 'Mug', quantity: 2, unit_price: total / 2 }],
    total,
  },
});
const paid = (orderId = 'o-1', amount = 2500, paymentId = 'pay-1'): OrderEvent => ({
  type: 'PaymentProcessed',
  data: { order_id: orderId, payment_id: paymentId, amount, method: 'card' },
});
const shipped = (orderId = 'o-1'): OrderEvent => ({
  type: 'OrderShipped',
  data: { order_id: orderId, carrier: 'DHL', tracking_number: 'T1' },
});
const delivered = (orderId = 'o-1'): OrderEvent => ({
  type: 'OrderDelivered',
  data: { order_id: orderId },
});
const cancelled = (orderId = 'o-1'): OrderEvent => ({
  type: 'OrderCancelled',
  data: { order_id: orderId, reason: 'Out of stock' },
});
const refunded = (orderId = 'o-1', amount = 2500, paymentId = 'pay-1'): OrderEvent => ({
  type: 'PaymentRefunded',
  data: { order_id: orderId, payment_id: paymentId, amount, reason: 'Returned' },
});

/** Given: a log holding these customers and these orders' events. */
function givenLog(customers: string[] = [], orderEvents: OrderEvent[] = []): LoggedStreams {
  const orders = new Map<string, OrderState>();
  for (const event of orderEvents) {
    const id = event.data.order_id;
    orders.set(id, evolveOrder(orders.get(id) ?? { status: 'none' }, event));
  }
  return {
    customerExists: (customerId) => customers.includes(customerId),
    orderState: (orderId) => orders.get(orderId) ?? { status: 'none' },
  };
}

/** When: these events are replayed on the log. Then: the first broken rule, by its index. */
function replay(log: LoggedStreams, events: EventFacts[]) {
  const check = new HistoryCheck(log);
  for (const [index, event] of events.entries()) {
    const problem = check.next(event);
    if (problem) return { index, problem };
  }
  const problem = check.end();
  return problem ? { index: events.length, problem } : null;
}

function expectBroken(
  outcome: ReturnType<typeof replay>,
  index: number,
  code: DomainErrorCode,
): string {
  expect(outcome?.index).toBe(index);
  return expectRejected(outcome?.problem, code).message;
}

describe('a history replayed on an empty log', () => {
  it('accepts an order’s whole life, and a cancellation of a paid order with its refund', () => {
    expect(
      replay(givenLog(), [
        registered('c-1'),
        placed('o-1'),
        paid('o-1'),
        shipped('o-1'),
        delivered('o-1'),
        refunded('o-1'),
        placed('o-2'),
        paid('o-2', 2500, 'pay-2'),
        cancelled('o-2'),
        refunded('o-2', 2500, 'pay-2'),
      ]),
    ).toBeNull();
  });

  it('refuses a payment for an order that does not exist', () => {
    const message = expectBroken(
      replay(givenLog(), [registered('c-1'), paid('o-9')]),
      1,
      'order_not_found',
    );
    expect(message).toBe('There is no order o-9.');
  });

  it('refuses shipping before payment', () => {
    const message = expectBroken(
      replay(givenLog(), [registered('c-1'), placed(), shipped()]),
      2,
      'invalid_status',
    );
    expect(message).toBe('Order o-1 is Placed: it can be shipped only when it is Paid.');
  });

  it('refuses an order for a customer not in the log nor in the history before it', () => {
    expectBroken(replay(givenLog(), [placed('o-1', 'c-7')]), 0, 'customer_not_found');
    expectBroken(
      replay(givenLog(), [placed('o-1', 'c-7'), registered('c-7')]),
      0,
      'customer_not_found',
    );
  });

  it('refuses an order paid twice', () => {
    expectBroken(
      replay(givenLog(), [registered('c-1'), placed(), paid(), paid('o-1', 2500, 'pay-2')]),
      3,
      'invalid_status',
    );
  });

  it('refuses a payment that is not the order’s total', () => {
    expectBroken(
      replay(givenLog(), [registered('c-1'), placed(), paid('o-1', 2499)]),
      2,
      'amount_mismatch',
    );
  });

  it('refuses a refund to another payment', () => {
    expectBroken(
      replay(givenLog(), [
        registered('c-1'),
        placed(),
        paid(),
        shipped(),
        delivered(),
        refunded('o-1', 2500, 'pay-other'),
      ]),
      5,
      'payment_mismatch',
    );
  });

  it('refuses a paid order’s cancellation that its refund does not follow at once', () => {
    const message = expectBroken(
      replay(givenLog(), [registered('c-1'), placed(), paid(), cancelled(), registered('c-2')]),
      4,
      'refund_missing',
    );
    expect(message).toBe(
      'Order o-1 was cancelled after it was paid, but its refund does not follow: cancelling a paid order records the full refund with it.',
    );
    // Nor at the end of the history.
    expectBroken(
      replay(givenLog(), [registered('c-1'), placed(), paid(), cancelled()]),
      4,
      'refund_missing',
    );
  });

  it('refuses a customer registered twice, and a change to a customer never registered', () => {
    expectBroken(
      replay(givenLog(), [registered('c-1'), registered('c-1')]),
      1,
      'customer_already_registered',
    );
    expectBroken(replay(givenLog(), [changed('c-1')]), 0, 'customer_not_found');
  });
});

describe('a history replayed on top of a log', () => {
  it('continues the log’s orders and customers', () => {
    const log = givenLog(['c-1'], [placed('o-1'), paid('o-1')]);
    expect(replay(log, [shipped('o-1'), placed('o-2', 'c-1'), changed('c-1')])).toBeNull();
  });

  it('refuses what the log’s state does not allow', () => {
    const log = givenLog(['c-1'], [placed('o-1'), paid('o-1')]);
    expectBroken(replay(log, [paid('o-1')]), 0, 'invalid_status');
    expectBroken(replay(log, [placed('o-1')]), 0, 'order_already_placed');
    expectBroken(replay(log, [registered('c-1')]), 0, 'customer_already_registered');
  });
});
