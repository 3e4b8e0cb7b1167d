import { describe, expect, it } from 'vitest';
import { commandOf } from './commandOf';
import { customerDecider, type CustomerCommand } from './customer';
import type { CustomerEvent, OrderEvent } from './events';
import { orderDecider, type OrderCommand } from './order';
import { givenFor } from './testing';

const givenOrder = givenFor(orderDecider);
const givenCustomer = givenFor(customerDecider);

const placeOrder: OrderCommand = {
  type: 'PlaceOrder',
  data: {
    orderId: 'o-1',
    customerId: 'c-1',
    currency: 'EUR',
    items: [{ product_id: 'p-mug', name: 'Mug', quantity: 2, unit_price: 1250 }],
  },
};

/** Decides `command` on the order after `history`, then the command read back from its events. */
function orderRoundTrip(history: OrderCommand[], command: OrderCommand) {
  const events: OrderEvent[] = [];
  for (const earlier of history) {
    const decided = orderDecider.decide(earlier, givenOrder(...events), { customerExists: true });
    if (!Array.isArray(decided)) throw decided;
    events.push(...decided);
  }
  const state = givenOrder(...events);
  const recorded = orderDecider.decide(command, state, { customerExists: true });
  if (!Array.isArray(recorded)) throw recorded;
  const again = orderDecider.decide(commandOf(recorded), state, { customerExists: true });
  return { recorded, again, command: commandOf(recorded) };
}

function customerRoundTrip(history: CustomerEvent[], command: CustomerCommand) {
  const state = givenCustomer(...history);
  const context = { emailOwner: undefined };
  const recorded = customerDecider.decide(command, state, context);
  if (!Array.isArray(recorded)) throw recorded;
  return { recorded, again: customerDecider.decide(commandOf(recorded), state, context) };
}

const pay: OrderCommand = {
  type: 'RecordPayment',
  data: { orderId: 'o-1', paymentId: 'pay-1', amount: 2500, method: 'cash' },
};
const ship: OrderCommand = {
  type: 'ShipOrder',
  data: { orderId: 'o-1', carrier: 'DHL', trackingNumber: 'JD01' },
};
const deliver: OrderCommand = { type: 'MarkDelivered', data: { orderId: 'o-1' } };
const cancel: OrderCommand = { type: 'CancelOrder', data: { orderId: 'o-1', reason: 'Changed' } };
const refund: OrderCommand = { type: 'RefundOrder', data: { orderId: 'o-1', reason: 'Broken' } };

describe('the command that recorded an order’s events, decided again on the same state', () => {
  it.each([
    ['placing', [], placeOrder],
    ['a payment', [placeOrder], pay],
    ['a shipment', [placeOrder, pay], ship],
    ['a delivery', [placeOrder, pay, ship], deliver],
    ['a cancellation', [placeOrder], cancel],
    ['a refund after delivery', [placeOrder, pay, ship, deliver], refund],
  ])('gives the same events: %s', (_name, history: OrderCommand[], command) => {
    const { recorded, again, command: readBack } = orderRoundTrip(history, command);
    expect(again).toEqual(recorded);
    expect(readBack).toEqual(command);
  });

  it('reads a paid order’s cancellation and its refund as one cancellation', () => {
    const { recorded, again, command } = orderRoundTrip([placeOrder, pay], cancel);
    expect(recorded.map((event) => event.type)).toEqual(['OrderCancelled', 'PaymentRefunded']);
    expect(command).toEqual(cancel);
    expect(again).toEqual(recorded);
  });
});

describe('the command that recorded a customer’s events, decided again on the same state', () => {
  const registered: CustomerEvent = {
    type: 'CustomerRegistered',
    data: { customer_id: 'c-1', name: 'Ana', email: 'ana@example.com' },
  };

  it('gives the same registration, with and without an address', () => {
    for (const shippingAddress of [undefined, '1 Quay St']) {
      const { recorded, again } = customerRoundTrip([], {
        type: 'RegisterCustomer',
        data: {
          customerId: 'c-1',
          name: 'Ana',
          email: 'ana@example.com',
          ...(shippingAddress === undefined ? {} : { shippingAddress }),
        },
      });
      expect(again).toEqual(recorded);
    }
  });

  it('gives the same change of details, whichever fields changed', () => {
    for (const change of [
      { name: 'Ana B' },
      { email: 'b@example.com' },
      { shippingAddress: 'X' },
    ]) {
      const { recorded, again } = customerRoundTrip([registered], {
        type: 'ChangeCustomerDetails',
        data: { customerId: 'c-1', ...change },
      });
      expect(again).toEqual(recorded);
    }
  });
});

describe('no events', () => {
  it('is no command', () => {
    expect(() => commandOf([])).toThrow(/at least one event/u);
  });
});
