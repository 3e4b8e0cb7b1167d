import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './customer';
import type { DomainEvent } from './events';
import { EMAIL_SLOT, uniqueClaimsOf } from './uniqueness';

describe('a customer event', () => {
  it('CustomerRegistered claims the customer’s email, normalized, for that customer', () => {
    const event: DomainEvent = {
      type: 'CustomerRegistered',
      data: { customer_id: 'c-1', name: 'Ada Lovelace', email: ' Ada@Example.COM ' },
    };
    expect(uniqueClaimsOf(event)).toStrictEqual([
      { slot: EMAIL_SLOT, value: 'ada@example.com', owner: 'c-1' },
    ]);
  });

  it('CustomerDetailsChanged with a new email claims it for that customer', () => {
    const event: DomainEvent = {
      type: 'CustomerDetailsChanged',
      data: { customer_id: 'c-2', email: 'GRACE@navy.mil' },
    };
    expect(uniqueClaimsOf(event)).toStrictEqual([
      { slot: EMAIL_SLOT, value: 'grace@navy.mil', owner: 'c-2' },
    ]);
  });

  it('CustomerDetailsChanged without an email claims nothing', () => {
    const event: DomainEvent = {
      type: 'CustomerDetailsChanged',
      data: { customer_id: 'c-2', name: 'Grace Hopper', shipping_address: 'Arlington' },
    };
    expect(uniqueClaimsOf(event)).toStrictEqual([]);
  });

  it('two spellings of one email in different cases make the same claim value', () => {
    const claim = (customerId: string, email: string) =>
      uniqueClaimsOf({
        type: 'CustomerRegistered',
        data: { customer_id: customerId, name: 'Someone', email },
      });
    const [first] = claim('c-1', 'ada@example.com');
    const [second] = claim('c-2', 'ADA@Example.com');
    expect(first?.value).toBe('ada@example.com');
    expect(second?.value).toBe(first?.value);
    expect(second?.owner).toBe('c-2');
  });
});

describe('an order event', () => {
  const orderEvents: DomainEvent[] = [
    {
      type: 'OrderPlaced',
      data: {
        order_id: 'o-1',
        customer_id: 'c-1',
        currency: 'EUR',
        items: [{ product_id: 'p-1', name: 'Mug', quantity: 1, unit_price: 500 }],
        total: 500,
      },
    },
    {
      type: 'PaymentProcessed',
      data: { order_id: 'o-1', payment_id: 'pay-1', amount: 500, method: 'card' },
    },
    { type: 'OrderShipped', data: { order_id: 'o-1', carrier: 'DHL', tracking_number: 'T1' } },
    { type: 'OrderDelivered', data: { order_id: 'o-1' } },
    { type: 'OrderCancelled', data: { order_id: 'o-1', reason: 'Out of stock' } },
    {
      type: 'PaymentRefunded',
      data: { order_id: 'o-1', payment_id: 'pay-1', amount: 500, reason: 'Returned' },
    },
  ];

  it.each(orderEvents)('$type claims nothing', (event) => {
    expect(uniqueClaimsOf(event)).toStrictEqual([]);
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['ada@example.com', 'ada@example.com'],
    ['  Ada@Example.COM\t', 'ada@example.com'],
    ['ADA.LOVELACE+Desk@EXAMPLE.CO.UK', 'ada.lovelace+desk@example.co.uk'],
  ])('normalizes %j to %j', (email, expected) => {
    expect(normalizeEmail(email)).toBe(expected);
  });
});
