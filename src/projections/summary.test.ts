import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import { summarize } from './summary';

const context = {
  customerName: (id: string) => (id === 'c1' ? 'Ada Lovelace' : undefined),
  orderCurrency: (id: string) => (id === 'o-12' ? 'EUR' : undefined),
};

const cases: [string, DomainEvent, string][] = [
  [
    'CustomerRegistered',
    {
      type: 'CustomerRegistered',
      data: { customer_id: 'c1', name: 'Ada Lovelace', email: 'ada@example.com' },
    },
    'Customer Ada Lovelace registered (ada@example.com)',
  ],
  [
    'CustomerDetailsChanged',
    {
      type: 'CustomerDetailsChanged',
      data: {
        customer_id: 'c1',
        name: 'Ada King',
        email: 'ada@king.example',
        shipping_address: '1 Way',
      },
    },
    'Customer Ada Lovelace changed name to Ada King, email to ada@king.example, shipping address',
  ],
  [
    'CustomerDetailsChanged removing the address',
    { type: 'CustomerDetailsChanged', data: { customer_id: 'c1', shipping_address: '' } },
    'Customer Ada Lovelace changed shipping address (removed)',
  ],
  [
    'OrderPlaced',
    {
      type: 'OrderPlaced',
      data: {
        order_id: 'o-12',
        customer_id: 'c1',
        currency: 'EUR',
        items: [
          { product_id: 'a', name: 'A', quantity: 2, unit_price: 1500 },
          { product_id: 'b', name: 'B', quantity: 1, unit_price: 1200 },
        ],
        total: 4200,
      },
    },
    'Order o-12 placed by Ada Lovelace: 3 items, €42.00',
  ],
  [
    'PaymentProcessed',
    {
      type: 'PaymentProcessed',
      data: { order_id: 'o-12', payment_id: 'p', amount: 4200, method: 'bank_transfer' },
    },
    'Order o-12 paid: €42.00 by bank transfer',
  ],
  [
    'OrderShipped',
    { type: 'OrderShipped', data: { order_id: 'o-12', carrier: 'DHL', tracking_number: 'JD0001' } },
    'Order o-12 shipped with DHL, tracking JD0001',
  ],
  [
    'OrderDelivered',
    { type: 'OrderDelivered', data: { order_id: 'o-12' } },
    'Order o-12 delivered',
  ],
  [
    'OrderCancelled',
    { type: 'OrderCancelled', data: { order_id: 'o-12', reason: 'Out of\n  stock ' } },
    'Order o-12 cancelled: Out of stock',
  ],
  [
    'PaymentRefunded',
    {
      type: 'PaymentRefunded',
      data: { order_id: 'o-12', payment_id: 'p', amount: 4200, reason: 'Damaged' },
    },
    'Order o-12 refunded: €42.00 (Damaged)',
  ],
];

describe('summarize', () => {
  it.each(cases)('%s', (_, event, expected) => {
    expect(summarize(event, context)).toBe(expected);
  });

  it('without context names ids and shows amounts without a currency', () => {
    expect(
      summarize({
        type: 'PaymentProcessed',
        data: { order_id: 'o-9', payment_id: 'p', amount: 1250, method: 'cash' },
      }),
    ).toBe('Order o-9 paid: 12.50 by cash');
    expect(
      summarize({ type: 'CustomerDetailsChanged', data: { customer_id: 'c9', name: 'X' } }),
    ).toBe('Customer c9 changed name to X');
  });

  it('says "1 item" for one', () => {
    expect(
      summarize({
        type: 'OrderPlaced',
        data: {
          order_id: 'o1',
          customer_id: 'c1',
          currency: 'JPY',
          items: [{ product_id: 'a', name: 'A', quantity: 1, unit_price: 500 }],
          total: 500,
        },
      }),
    ).toBe('Order o1 placed by c1: 1 item, JP¥500');
  });

  it('summarizes an unknown event type by its type, without throwing', () => {
    expect(summarize({ type: 'OrderTeleported', data: {} } as unknown as DomainEvent)).toBe(
      'OrderTeleported event',
    );
  });
});
