import { describe, expect, it } from 'vitest';
import { commandOf } from './commandOf';
import { customerDecider, type CustomerCommand } from './customer';
import type { CustomerEvent, OrderEvent } from './events';
import { orderDecider, type OrderCommand } from './order';
import { deciderSpec } from './testing';

const orderSpec = deciderSpec(orderDecider);
const customerSpec = deciderSpec(customerDecider);

// Commands
const placeOrder: OrderCommand = {
  type: 'PlaceOrder',
  data: {
    orderId: 'o-1',
    customerId: 'c-1',
    currency: 'EUR',
    items: [{ product_id: 'p-mug', name: 'Mug', quantity: 2, unit_price: 1250 }],
  },
};
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

// Events
const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    order_id: 'o-1',
    customer_id: 'c-1',
    currency: 'EUR',
    items: [{ product_id: 'p-mug', name: 'Mug', quantity: 2, unit_price: 1250 }],
    total: 2500,
  },
};
const paid: OrderEvent = {
  type: 'PaymentProcessed',
  data: { order_id: 'o-1', payment_id: 'pay-1', amount: 2500, method: 'cash' },
};
const shipped: OrderEvent = {
  type: 'OrderShipped',
  data: { order_id: 'o-1', carrier: 'DHL', tracking_number: 'JD01' },
};
const delivered: OrderEvent = { type: 'OrderDelivered', data: { order_id: 'o-1' } };
const cancelled: OrderEvent = {
  type: 'OrderCancelled',
  data: { order_id: 'o-1', reason: 'Changed' },
};
const refundedOnCancel: OrderEvent = {
  type: 'PaymentRefunded',
  data: { order_id: 'o-1', payment_id: 'pay-1', amount: 2500, reason: 'Changed' },
};
const returned: OrderEvent = {
  type: 'PaymentRefunded',
  data: { order_id: 'o-1', payment_id: 'pay-1', amount: 2500, reason: 'Broken' },
};

describe('the command that recorded an order’s events, decided again on the same state', () => {
  it.each<[string, OrderEvent[], OrderCommand, OrderEvent[]]>([
    ['no order yet: placing', [], placeOrder, [placed]],
    ['a Placed order: a payment', [placed], pay, [paid]],
    ['a Paid order: a shipment', [placed, paid], ship, [shipped]],
    ['a Shipped order: a delivery', [placed, paid, shipped], deliver, [delivered]],
    ['a Placed order: a cancellation', [placed], cancel, [cancelled]],
    ['a Delivered order: a refund', [placed, paid, shipped, delivered], refund, [returned]],
    // A paid order's cancellation and its refund read as one cancellation.
    [
      'a Paid order: a cancellation and its refund',
      [placed, paid],
      cancel,
      [cancelled, refundedOnCancel],
    ],
  ])('gives the same events: %s', (_name, history, command, recorded) => {
    orderSpec.given(history).when(command, { customerExists: true }).then(recorded);
    expect(commandOf(recorded)).toEqual(command);
    orderSpec.given(history).when(commandOf(recorded), { customerExists: true }).then(recorded);
  });
});

describe('the command that recorded a customer’s events, decided again on the same state', () => {
  const noOwner = { emailOwner: undefined };
  const registered: CustomerEvent = {
    type: 'CustomerRegistered',
    data: { customer_id: 'c-1', name: 'Ana', email: 'ana@example.com' },
  };
  const register = (shippingAddress?: string): CustomerCommand => ({
    type: 'RegisterCustomer',
    data: {
      customerId: 'c-1',
      name: 'Ana',
      email: 'ana@example.com',
      ...(shippingAddress === undefined ? {} : { shippingAddress }),
    },
  });

  const change = (
    fields: Omit<Extract<CustomerCommand, { type: 'ChangeCustomerDetails' }>['data'], 'customerId'>,
  ): CustomerCommand => ({ type: 'ChangeCustomerDetails', data: { customerId: 'c-1', ...fields } });
  const changed = (
    fields: Omit<Extract<CustomerEvent, { type: 'CustomerDetailsChanged' }>['data'], 'customer_id'>,
  ): CustomerEvent => ({ type: 'CustomerDetailsChanged', data: { customer_id: 'c-1', ...fields } });

  it.each<[string, CustomerEvent[], CustomerCommand, CustomerEvent[]]>([
    ['no customer yet: a registration', [], register(), [registered]],
    [
      'no customer yet: a registration with an address',
      [],
      register('1 Quay St'),
      [
        {
          type: 'CustomerRegistered',
          data: { ...registered.data, shipping_address: '1 Quay St' },
        },
      ],
    ],
    [
      'a registered customer: a new name',
      [registered],
      change({ name: 'Ana B' }),
      [changed({ name: 'Ana B' })],
    ],
    [
      'a registered customer: a new email',
      [registered],
      change({ email: 'b@example.com' }),
      [changed({ email: 'b@example.com' })],
    ],
    [
      'a registered customer: a new address',
      [registered],
      change({ shippingAddress: 'X' }),
      [changed({ shipping_address: 'X' })],
    ],
  ])('gives the same events: %s', (_name, history, command, recorded) => {
    customerSpec.given(history).when(command, noOwner).then(recorded);
    expect(commandOf(recorded)).toEqual(command);
    customerSpec.given(history).when(commandOf(recorded), noOwner).then(recorded);
  });
});

describe('no events', () => {
  it('is no command', () => {
    expect(() => commandOf([])).toThrow(/at least one event/u);
  });
});
