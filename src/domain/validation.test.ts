import { describe, expect, it } from 'vitest';
import {
  MAX_ADDRESS_LENGTH,
  MAX_CARRIER_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PRODUCT_NAME_LENGTH,
  MAX_REASON_LENGTH,
  MAX_TRACKING_NUMBER_LENGTH,
} from './limits';
import { validatePayload } from './validation';

const order = {
  order_id: 'o-1',
  customer_id: 'c-1',
  currency: 'EUR',
  items: [
    { product_id: 'mug', name: 'Mug', quantity: 2, unit_price: 1450 },
    { product_id: 'beans', name: 'Beans', quantity: 1, unit_price: 2490 },
  ],
  total: 5390,
};

describe('validatePayload', () => {
  it('accepts every type of the catalog in its current shape', () => {
    const valid: [string, unknown][] = [
      ['CustomerRegistered', { customer_id: 'c-1', name: 'Ada', email: 'ada@example.com' }],
      [
        'CustomerRegistered',
        { customer_id: 'c-1', name: 'Ada', email: 'ada@example.com', shipping_address: 'X 1' },
      ],
      ['CustomerDetailsChanged', { customer_id: 'c-1', shipping_address: '' }],
      ['OrderPlaced', order],
      ['PaymentProcessed', { order_id: 'o-1', payment_id: 'p-1', amount: 5390, method: 'cash' }],
      ['OrderShipped', { order_id: 'o-1', carrier: 'DHL', tracking_number: 'T1' }],
      ['OrderDelivered', { order_id: 'o-1' }],
      ['OrderCancelled', { order_id: 'o-1', reason: 'Changed mind' }],
      ['PaymentRefunded', { order_id: 'o-1', payment_id: 'p-1', amount: 0, reason: 'Broken' }],
    ];
    for (const [type, data] of valid) expect(validatePayload(type, 1, data), type).toEqual([]);
  });

  it('names a missing field, a wrong type and an unknown field in plain words', () => {
    expect(validatePayload('OrderDelivered', 1, {})).toEqual([
      'the required field "order_id" is missing',
    ]);
    expect(
      validatePayload('PaymentProcessed', 1, {
        order_id: 'o-1',
        payment_id: 'p-1',
        amount: '5390',
        method: 'card',
      }),
    ).toEqual(['"amount" must be a whole number of minor units (cents), 0 or more']);
    expect(validatePayload('OrderDelivered', 1, { order_id: 'o-1', note: 'x' })).toEqual([
      'the field "note" is not part of the data of OrderDelivered (unknown fields are refused)',
    ]);
  });

  it('checks amounts, currency, method and ids', () => {
    const payment = { order_id: 'o-1', payment_id: 'p-1', amount: 1, method: 'card' };
    expect(validatePayload('PaymentProcessed', 1, { ...payment, amount: -1 })).toHaveLength(1);
    expect(validatePayload('PaymentProcessed', 1, { ...payment, amount: 1.5 })).toHaveLength(1);
    expect(validatePayload('PaymentProcessed', 1, { ...payment, method: 'cheque' })).toEqual([
      '"method" must be one of card, cash, bank_transfer',
    ]);
    expect(validatePayload('PaymentProcessed', 1, { ...payment, payment_id: 'p 1' })).toEqual([
      '"payment_id" must be an id: 1 to 64 letters, digits, "-" or "_"',
    ]);
    expect(validatePayload('OrderPlaced', 1, { ...order, currency: 'eur' })).toEqual([
      '"currency" must be a three-letter ISO 4217 currency code such as EUR',
    ]);
  });

  it('checks the order lines and that the total is their sum', () => {
    expect(validatePayload('OrderPlaced', 1, { ...order, total: 5391 })).toEqual([
      '"total" is 5391 but the lines add up to 5390',
    ]);
    expect(validatePayload('OrderPlaced', 1, { ...order, items: [] })).toEqual([
      '"items" must have 1 to 50 lines (it has 0)',
    ]);
    const line = { product_id: 'mug', name: 'Mug', quantity: 1, unit_price: 1 };
    expect(
      validatePayload('OrderPlaced', 1, {
        ...order,
        items: Array.from({ length: 51 }, () => line),
        total: 51,
      }),
    ).toEqual(['"items" must have 1 to 50 lines (it has 51)']);
    expect(
      validatePayload('OrderPlaced', 1, {
        ...order,
        items: [{ product_id: 'mug', name: 'Mug', quantity: 0, unit_price: 1450, colour: 'red' }],
        total: 0,
      }),
    ).toEqual([
      'line 1 of "items": "quantity" must be a whole number from 1 to 999',
      'line 1 of "items": the field "colour" is not part of an order line (unknown fields are refused)',
    ]);
  });

  it('refuses a payload that is not an object, an unknown type and an unknown data version', () => {
    expect(validatePayload('OrderDelivered', 1, ['o-1'])).toEqual([
      'the data of OrderDelivered must be a JSON object',
    ]);
    expect(validatePayload('OrderLost', 1, {})).toEqual([
      '"OrderLost" is not an event type of the catalog',
    ]);
    expect(validatePayload('OrderDelivered', 2, { order_id: 'o-1' })).toEqual([
      'data version 2 of OrderDelivered cannot be checked: the catalog is at version 1',
    ]);
  });

  it('refuses a details change that changes nothing', () => {
    expect(validatePayload('CustomerDetailsChanged', 1, { customer_id: 'c-1' })).toEqual([
      'it changes nothing: at least one of name, email or shipping_address is needed',
    ]);
  });

  it('holds text to the limits the commands set', () => {
    const customer = { customer_id: 'c-1', name: 'Ada', email: 'ada@example.com' };
    const megabyte = 'n'.repeat(2 ** 20);
    expect(validatePayload('CustomerRegistered', 1, { ...customer, name: megabyte })).toEqual([
      `"name" must be at most ${MAX_NAME_LENGTH} characters long (it has 1048576)`,
    ]);
    expect(
      validatePayload('CustomerDetailsChanged', 1, {
        customer_id: 'c-1',
        shipping_address: 'a'.repeat(MAX_ADDRESS_LENGTH + 1),
      }),
    ).toEqual([
      `"shipping_address" must be at most ${MAX_ADDRESS_LENGTH} characters long (it has 501)`,
    ]);
    const tooLong = (limit: number) => 'x'.repeat(limit + 1);
    expect(
      validatePayload('OrderCancelled', 1, { order_id: 'o-1', reason: tooLong(MAX_REASON_LENGTH) }),
    ).toHaveLength(1);
    expect(
      validatePayload('PaymentRefunded', 1, {
        order_id: 'o-1',
        payment_id: 'p-1',
        amount: 1,
        reason: tooLong(MAX_REASON_LENGTH),
      }),
    ).toHaveLength(1);
    expect(
      validatePayload('OrderShipped', 1, {
        order_id: 'o-1',
        carrier: tooLong(MAX_CARRIER_LENGTH),
        tracking_number: tooLong(MAX_TRACKING_NUMBER_LENGTH),
      }),
    ).toHaveLength(2);
    const line = {
      product_id: 'mug',
      name: tooLong(MAX_PRODUCT_NAME_LENGTH),
      quantity: 1,
      unit_price: 1,
    };
    expect(validatePayload('OrderPlaced', 1, { ...order, items: [line], total: 1 })).toEqual([
      `line 1 of "items": "name" must be at most ${MAX_PRODUCT_NAME_LENGTH} characters long (it has 201)`,
    ]);
    // At the limits, after trimming.
    expect(
      validatePayload('CustomerRegistered', 1, {
        ...customer,
        name: ` ${'n'.repeat(MAX_NAME_LENGTH)} `,
      }),
    ).toEqual([]);
  });

  it('refuses text that cannot be stored, in every text field, as the commands do', () => {
    const nul = 'holds a NUL character (U+0000), which cannot be stored';
    const customer = { customer_id: 'c-1', name: 'Ada', email: 'ada@example.com' };
    expect(
      validatePayload('CustomerRegistered', 1, { ...customer, name: 'Nul\u0000here' }),
    ).toEqual([`"name" ${nul}`]);
    expect(
      validatePayload('CustomerDetailsChanged', 1, {
        customer_id: 'c-1',
        shipping_address: 'half \uD83D of a cake',
      }),
    ).toEqual([
      '"shipping_address" holds half of a character (a lone surrogate, not valid Unicode), which cannot be stored',
    ]);
    expect(
      validatePayload('OrderShipped', 1, {
        order_id: 'o-1',
        carrier: 'DH\u0000L',
        tracking_number: '\uDE82',
      }),
    ).toHaveLength(2);
    expect(
      validatePayload('OrderCancelled', 1, { order_id: 'o-1', reason: 'Nul\u0000here' }),
    ).toEqual([`"reason" ${nul}`]);
    const line = { product_id: 'mug', name: 'Mu\u0000g', quantity: 1, unit_price: 1 };
    expect(validatePayload('OrderPlaced', 1, { ...order, items: [line], total: 1 })).toEqual([
      `line 1 of "items": "name" ${nul}`,
    ]);
    // Whole surrogate pairs are text like any other.
    expect(validatePayload('CustomerRegistered', 1, { ...customer, name: 'Ada 🎂' })).toEqual([]);
  });

  it('checks emails with the rule the commands use', () => {
    const customer = { customer_id: 'c-1', name: 'Ada' };
    expect(
      validatePayload('CustomerRegistered', 1, { ...customer, email: 'ada@localhost' }),
    ).toEqual(['"email" is not an email address such as name@example.com']);
    expect(
      validatePayload('CustomerRegistered', 1, { ...customer, email: 'ada\u200b@example.com' }),
    ).toEqual([
      '"email" holds an invisible or control character (U+200B), which would make it look like another address',
    ]);
    expect(
      validatePayload('CustomerDetailsChanged', 1, {
        customer_id: 'c-1',
        email: 'ada@exаmple.com',
      }),
    ).toEqual([
      '"email" mixes Latin and Cyrillic letters in “exаmple”, which would make it look like another address',
    ]);
    expect(validatePayload('CustomerDetailsChanged', 1, { customer_id: 'c-1', email: 7 })).toEqual([
      '"email" must be an email address',
    ]);
  });
});
