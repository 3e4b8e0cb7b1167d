import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../domain/events';
import { IdempotencyError } from '../store/errors';
import type { EventStore } from '../store/eventStore';
import { closingTestStores, newEvent } from '../store/testing';
import { runCommand, type Command, type CommandResult } from './commands';

const store = closingTestStores();

const sendAs = (s: EventStore, commandId: string, command: Command): Promise<CommandResult> =>
  runCommand(s, { commandId, command, now: '2026-03-01T12:00:00.000Z', source: 'urn:uuid:desk-1' });

let commandCount = 0;
const run = (s: EventStore, command: Command): Promise<CommandResult> =>
  sendAs(s, `cmd-${++commandCount}`, command);

const lines: OrderLine[] = [
  { product_id: 'mug', name: 'Mug', quantity: 2, unit_price: 1250 },
  { product_id: 'tea', name: 'Tea', quantity: 1, unit_price: 800 },
];

async function givenPlacedOrder(s: EventStore) {
  await run(s, {
    type: 'RegisterCustomer',
    data: { customerId: 'ada', name: 'Ada', email: 'ada@example.com' },
  });
  await run(s, {
    type: 'PlaceOrder',
    data: { orderId: 'o1', customerId: 'ada', currency: 'EUR', items: lines },
  });
}

describe('running commands', () => {
  it('appends the decided events with the command’s time, source and correlation', async () => {
    const s = await store();
    const result = await run(s, {
      type: 'RegisterCustomer',
      data: { customerId: 'ada', name: ' Ada ', email: 'ada@example.com' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [event] = result.events;
    expect(event).toMatchObject({
      type: 'CustomerRegistered',
      id: `cmd-${commandCount}-1`,
      streamId: 'customer-ada',
      time: '2026-03-01T12:00:00.000Z',
      data: { customer_id: 'ada', name: 'Ada', email: 'ada@example.com' },
      metadata: { source: 'urn:uuid:desk-1', correlationId: `cmd-${commandCount}` },
    });
  });

  it('returns a broken rule and appends nothing', async () => {
    const s = await store();
    await givenPlacedOrder(s);
    const head = await s.headPosition();
    const result = await run(s, {
      type: 'ShipOrder',
      data: { orderId: 'o1', carrier: 'DHL', trackingNumber: '123' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_status');
    expect(await s.headPosition()).toBe(head);
  });

  it('looks up the customer across streams when placing an order', async () => {
    const s = await store();
    const result = await run(s, {
      type: 'PlaceOrder',
      data: { orderId: 'o1', customerId: 'nobody', currency: 'EUR', items: lines },
    });
    expect(result.ok ? 'ok' : result.error.code).toBe('customer_not_found');
  });

  it('appends OrderCancelled and PaymentRefunded together when cancelling a paid order', async () => {
    const s = await store();
    await givenPlacedOrder(s);
    await run(s, {
      type: 'RecordPayment',
      data: { orderId: 'o1', paymentId: 'p1', amount: 3300, method: 'card' },
    });
    const result = await run(s, {
      type: 'CancelOrder',
      data: { orderId: 'o1', reason: 'Changed mind' },
    });
    expect(result.ok && result.events.map((e) => [e.type, e.streamVersion])).toEqual([
      ['OrderCancelled', 3],
      ['PaymentRefunded', 4],
    ]);
  });
});

describe('a command sent again under the same id', () => {
  const commands: readonly (readonly [string, Command])[] = [
    [
      'again-register',
      {
        type: 'RegisterCustomer',
        data: { customerId: 'bob', name: 'Bob', email: 'bob@example.com' },
      },
    ],
    [
      'again-place',
      {
        type: 'PlaceOrder',
        data: { orderId: 'o2', customerId: 'bob', currency: 'EUR', items: lines },
      },
    ],
    [
      'again-pay',
      {
        type: 'RecordPayment',
        data: { orderId: 'o1', paymentId: 'p1', amount: 3300, method: 'card' },
      },
    ],
    ['again-cancel', { type: 'CancelOrder', data: { orderId: 'o1', reason: 'Changed mind' } }],
  ];

  it('gets the events it stored the first time, and nothing more is stored', async () => {
    const name = `sent-again-${Math.random()}`;
    const s = await store(name);
    await givenPlacedOrder(s);
    const first: CommandResult[] = [];
    for (const [commandId, command] of commands) first.push(await sendAs(s, commandId, command));
    expect(first.map((result) => result.ok)).toEqual([true, true, true, true]);
    const head = await s.headPosition();

    // As after a reload: another store on the same database, the payment's order cancelled since.
    const reloaded = await store(name);
    for (const [i, [commandId, command]] of commands.entries())
      expect(await sendAs(reloaded, commandId, command)).toEqual(first[i]);
    expect(await reloaded.headPosition()).toBe(head);
  });

  it('with other content is refused, and nothing is stored', async () => {
    const s = await store();
    await givenPlacedOrder(s);
    const order: Command = {
      type: 'PlaceOrder',
      data: { orderId: 'o2', customerId: 'ada', currency: 'EUR', items: lines },
    };
    await sendAs(s, 'again-place', order);
    const head = await s.headPosition();
    await expect(
      sendAs(s, 'again-place', { ...order, data: { ...order.data, items: lines.slice(1) } }),
    ).rejects.toThrow(IdempotencyError);
    expect(await s.headPosition()).toBe(head);
  });
});

describe('two tabs acting at once', () => {
  it('lets one payment win and decides the other again against the new state', async () => {
    const name = `two-tabs-${Math.random()}`;
    const first = await store(name);
    await givenPlacedOrder(first);
    const second = await store(name);
    const pay = (s: EventStore, paymentId: string) =>
      run(s, {
        type: 'RecordPayment',
        data: { orderId: 'o1', paymentId, amount: 3300, method: 'cash' },
      });
    const results = await Promise.all([pay(first, 'pa'), pay(second, 'pb')]);
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code)).sort();
    expect(codes).toEqual(['invalid_status', 'ok']);
    const stream = await first.readStream('order-o1');
    expect(stream.map((e) => e.type)).toEqual(['OrderPlaced', 'PaymentProcessed']);
  });

  it('lets only one of two customers take the same email', async () => {
    const name = `emails-${Math.random()}`;
    const first = await store(name);
    const second = await store(name);
    const register = (s: EventStore, customerId: string) =>
      run(s, {
        type: 'RegisterCustomer',
        data: { customerId, name: customerId, email: 'shared@example.com' },
      });
    const results = await Promise.all([register(first, 'a'), register(second, 'b')]);
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code)).sort();
    expect(codes).toEqual(['email_taken', 'ok']);
    expect(await first.headPosition()).toBe(1);
  });
});

describe('a command in a tab that follows another tab’s rewrite of the tail', () => {
  it('is decided on the whole log, not on the index taken back to read the new tail', async () => {
    const name = `commands-${Math.random()}`;
    const syncing = await store(name);
    const other = await store(name);
    expect(await syncing.beginSync()).toBe(true);
    const registered = await run(syncing, {
      type: 'RegisterCustomer',
      data: { customerId: 'ada', name: 'Ada', email: 'ada@example.com' },
    });
    if (!registered.ok) throw new Error('not registered');
    await other.catchUp();
    // The server confirms the registration as another source's: the syncing tab writes it again.
    const stamped = registered.events.map((event) => ({
      ...event,
      metadata: { ...event.metadata, source: 'urn:uuid:device' },
    }));
    await syncing.acceptServerEvents(stamped, { after: 0, expectedHead: 1 });
    const following = other.catchUp();
    let waits = 0;
    while (other.streamVersion('customer-ada') > 0 && waits++ < 1000)
      await new Promise((resolve) => setImmediate(resolve));
    expect(other.streamVersion('customer-ada')).toBe(0);

    const placed = await run(other, {
      type: 'PlaceOrder',
      data: { orderId: 'o1', customerId: 'ada', currency: 'EUR', items: lines },
    });

    expect(placed.ok).toBe(true);
    await following;
    expect(other.streamVersion('order-o1')).toBe(1);
  });
});

describe('a command whose stream the sync changes at the version it decided on', () => {
  it('decides again: another device’s event replaced this device’s pending one there', async () => {
    const s = await store();
    expect(await s.beginSync()).toBe(true);
    await givenPlacedOrder(s);
    const confirmed = await s.readRange(1, 2);
    await s.acceptServerEvents(confirmed, { after: 0, expectedHead: 2 });
    await run(s, {
      type: 'RecordPayment',
      data: { orderId: 'o1', paymentId: 'p1', amount: 3300, method: 'card' },
    });
    // Another device cancelled the order first: the server's event takes version 2 of the
    // order's stream, where this device's payment was, just before the cancellation is appended.
    const cancelledElsewhere = {
      ...newEvent('other-1', {
        type: 'OrderCancelled',
        data: { order_id: 'o1', reason: 'Out of stock' },
      }),
      streamId: 'order-o1',
      streamVersion: 2,
    };
    const racing = new Proxy(s, {
      get(target, property) {
        if (property === 'append')
          return async (...args: Parameters<EventStore['append']>) => {
            await target.acceptServerEvents([cancelledElsewhere], { after: 2, expectedHead: 3 });
            return target.append(...args);
          };
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });

    const result = await run(racing, {
      type: 'CancelOrder',
      data: { orderId: 'o1', reason: 'Changed mind' },
    });

    expect(!result.ok && result.error.message).toMatch(/is Cancelled/);
    expect((await s.readStream('order-o1')).map((event) => event.id)).toEqual([
      confirmed[1]?.id,
      'other-1',
    ]);
  });
});
