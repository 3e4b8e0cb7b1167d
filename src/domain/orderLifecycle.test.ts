import { describe, expect, it } from 'vitest';
import { eventTypes } from './events';
import { orderStatuses } from './order';
import {
  commandMayRecord,
  orderLifecycle,
  statusAfter,
  statusesRecording,
  type OrderEventType,
  type OrderStage,
} from './orderLifecycle';

const orderEventTypes = eventTypes.filter(
  (type): type is OrderEventType =>
    type !== 'CustomerRegistered' && type !== 'CustomerDetailsChanged',
);
const stages: OrderStage[] = ['none', ...orderStatuses];

describe('the order lifecycle', () => {
  it('has a row for every stage of an order, and only order events in it', () => {
    expect(Object.keys(orderLifecycle).sort()).toEqual([...stages].sort());
    for (const stage of stages)
      for (const type of Object.keys(orderLifecycle[stage]))
        expect(orderEventTypes).toContain(type);
  });

  it('lets commands record what docs/contract.md §1 allows in each status, and nothing else', () => {
    const allowed = Object.fromEntries(
      stages.map((stage) => [
        stage,
        orderEventTypes.filter((type) => commandMayRecord(stage, type)),
      ]),
    );
    expect(allowed).toEqual({
      none: ['OrderPlaced'],
      Placed: ['PaymentProcessed', 'OrderCancelled'],
      Paid: ['OrderShipped', 'OrderCancelled'],
      Shipped: ['OrderDelivered'],
      Delivered: ['PaymentRefunded'],
      Cancelled: [],
      Refunded: [],
    });
  });

  it('records the refund of a cancelled paid order only with its cancellation', () => {
    expect(orderLifecycle.Cancelled.PaymentRefunded).toEqual({
      to: 'Cancelled',
      withPrevious: true,
    });
    expect(commandMayRecord('Cancelled', 'PaymentRefunded')).toBe(false);
  });

  it('names the statuses in which a command may record each event', () => {
    expect(Object.fromEntries(orderEventTypes.map((t) => [t, statusesRecording(t)]))).toEqual({
      OrderPlaced: [],
      PaymentProcessed: ['Placed'],
      OrderShipped: ['Paid'],
      OrderDelivered: ['Shipped'],
      OrderCancelled: ['Placed', 'Paid'],
      PaymentRefunded: ['Delivered'],
    });
  });
});

describe('statusAfter', () => {
  it('follows the lifecycle’s steps', () => {
    expect(statusAfter('none', 'OrderPlaced')).toBe('Placed');
    expect(statusAfter('Placed', 'PaymentProcessed')).toBe('Paid');
    expect(statusAfter('Paid', 'OrderShipped')).toBe('Shipped');
    expect(statusAfter('Shipped', 'OrderDelivered')).toBe('Delivered');
    expect(statusAfter('Paid', 'OrderCancelled')).toBe('Cancelled');
    expect(statusAfter('Delivered', 'PaymentRefunded')).toBe('Refunded');
    // A refund after a cancellation keeps the order Cancelled; after delivery it is a return.
    expect(statusAfter('Cancelled', 'PaymentRefunded')).toBe('Cancelled');
  });

  it('reads a step the lifecycle does not have as the status the event leads to', () => {
    const usual: Record<OrderEventType, string> = {
      OrderPlaced: 'Placed',
      PaymentProcessed: 'Paid',
      OrderShipped: 'Shipped',
      OrderDelivered: 'Delivered',
      OrderCancelled: 'Cancelled',
      PaymentRefunded: 'Refunded',
    };
    for (const stage of stages)
      for (const type of orderEventTypes)
        if (!(stage === 'Cancelled' && type === 'PaymentRefunded'))
          expect(statusAfter(stage, type), `${type} after ${stage}`).toBe(usual[type]);
  });

  it('keeps the status for a type it does not know', () => {
    expect(statusAfter('Paid', 'OrderRepriced')).toBe('Paid');
    expect(statusAfter('Paid', '__proto__')).toBe('Paid');
  });
});
