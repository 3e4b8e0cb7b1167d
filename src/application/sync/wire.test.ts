import { describe, expect, it } from 'vitest';
import type { DomainEvent, StoredEvent } from '../../domain/events';
import {
  commandsOf,
  PUSH_LIMITS,
  pushOf,
  serverEventsOf,
  serverTextsOf,
  UnreadableServerEventError,
} from './wire';

let position = 0;
function stored(
  command: string,
  streamId: string,
  streamVersion: number,
  event: DomainEvent,
): StoredEvent {
  position++;
  return {
    ...event,
    id: `${command}-${position}`,
    position,
    streamId,
    streamVersion,
    dataVersion: 1,
    time: '2026-12-06T10:00:00.000Z',
    metadata: { source: 'urn:uuid:x', correlationId: command, causationId: command, actor: 'Sam' },
  };
}

const registered = (command: string, customer: string) =>
  stored(command, `customer-${customer}`, 1, {
    type: 'CustomerRegistered',
    data: { customer_id: customer, name: 'Ana', email: `${customer}@example.com` },
  });
const placed = (command: string, order: string, customer: string) =>
  stored(command, `order-${order}`, 1, {
    type: 'OrderPlaced',
    data: {
      order_id: order,
      customer_id: customer,
      currency: 'EUR',
      items: [{ product_id: 'p', name: 'Mug', quantity: 1, unit_price: 100 }],
      total: 100,
    },
  });

describe('commandsOf', () => {
  it('groups the events of one command on one stream, in order', () => {
    const cancel = stored('k', 'order-o1', 3, {
      type: 'OrderCancelled',
      data: { order_id: 'o1', reason: 'r' },
    });
    const refund = stored('k', 'order-o1', 4, {
      type: 'PaymentRefunded',
      data: { order_id: 'o1', payment_id: 'p', amount: 1, reason: 'r' },
    });
    const other = registered('m', 'c1');

    expect(commandsOf([cancel, refund, other])).toEqual([[cancel, refund], [other]]);
  });
});

describe('pushOf', () => {
  it('sends each command with the version it was decided on, and an order after its new customer', () => {
    const commits = pushOf(
      commandsOf([registered('a', 'c1'), placed('b', 'o1', 'c1'), placed('c', 'o2', 'c9')]),
    );

    expect(
      commits.map((commit) => [commit.stream, commit.expectedVersion, commit.dependsOn]),
    ).toEqual([
      ['customer-c1', 0, undefined],
      ['order-o1', 0, [0]],
      ['order-o2', 0, undefined],
    ]);
    expect(commits[0]?.events[0]).toEqual({
      id: expect.stringMatching(/^a-/u) as string,
      type: 'CustomerRegistered',
      time: '2026-12-06T10:00:00.000Z',
      dataversion: 1,
      data: { customer_id: 'c1', name: 'Ana', email: 'c1@example.com' },
      correlationid: 'a',
      causationid: 'a',
      actor: 'Sam',
    });
  });

  it('stops at the protocol’s limit of commits per push', () => {
    const many = Array.from({ length: PUSH_LIMITS.commits + 20 }, (_, i) =>
      registered(`r${i}`, `c${i}`),
    );
    expect(pushOf(commandsOf(many))).toHaveLength(PUSH_LIMITS.commits);
  });
});

describe('serverEventsOf', () => {
  const cloudEvent = (sequence: number) => ({
    specversion: '1.0',
    id: `e${sequence}`,
    source: 'urn:uuid:5f0c',
    type: 'CustomerRegistered',
    subject: 'customer-c1',
    time: '2026-12-06T10:00:00.000Z',
    datacontenttype: 'application/json',
    data: { customer_id: 'c1', name: 'Ana', email: 'ana@example.com' },
    sequence: String(sequence).padStart(16, '0'),
    streamversion: 1,
    dataversion: 1,
    device: '5f0c',
  });

  it('reads the server’s CloudEvents, its own attribute aside', () => {
    const [event] = serverEventsOf([cloudEvent(8)], 7);
    expect(event).toMatchObject({ id: 'e8', streamId: 'customer-c1', streamVersion: 1 });
  });

  it('refuses an event out of its place, or one this app cannot read', () => {
    expect(() => serverEventsOf([cloudEvent(9)], 7)).toThrow(UnreadableServerEventError);
    expect(() => serverEventsOf([{ ...cloudEvent(8), type: 'OrderTeleported' }], 7)).toThrow(
      /cannot read/u,
    );
    // Only the server's own attribute is taken besides the format's.
    expect(() => serverEventsOf([{ ...cloudEvent(8), color: 'red' }], 7)).toThrow(
      /"color" is not part of the event log format/u,
    );
  });
});

describe('serverTextsOf', () => {
  const event = (sequence: number, actor?: string) => ({
    specversion: '1.0',
    id: `e${sequence}`,
    source: 'urn:uuid:5f0c',
    type: 'CustomerRegistered',
    subject: `customer-c${sequence}`,
    time: '2026-12-06T10:00:00.000Z',
    datacontenttype: 'application/json',
    data: { customer_id: `c${sequence}`, name: 'Ana “A” \\ Nö', email: `c${sequence}@example.com` },
    sequence: String(sequence).padStart(16, '0'),
    streamversion: 1,
    dataversion: 1,
    correlationid: `k${sequence}`,
    causationid: `k${sequence}`,
    ...(actor === undefined ? {} : { actor }),
  });
  const page = (elements: string[]) =>
    new TextEncoder().encode(`{"head":42,"events":[${elements.join(',')}]}`);
  const withDevice = (value: object) =>
    `${JSON.stringify(value).slice(0, -1)},"device":"5f0c-1e-2d"}`;
  const textsOf = (bytes: Uint8Array, count: number) => {
    const texts = serverTextsOf(bytes, count, 7);
    if (texts === undefined) return undefined;
    expect(texts.first).toBe(8);
    const decoder = new TextDecoder();
    return Array.from(
      { length: count },
      (_, i) =>
        decoder.decode(texts.bytes.subarray(texts.spans[2 * i], texts.spans[2 * i + 1])) +
        decoder.decode(texts.closing),
    );
  };

  it('finds each event’s JSON in a page as the server writes it, without the device', () => {
    const events = [event(8), event(9, 'Sam, "the packer"'), event(10)];
    expect(textsOf(page(events.map(withDevice)), 3)).toEqual(
      events.map((value) => JSON.stringify(value)),
    );
  });

  it('finds nothing in a page laid out otherwise', () => {
    const events = [event(8), event(9)];
    // No device at the end of an event; another order of the reply's fields; a count that differs.
    expect(textsOf(page([withDevice(event(8)), JSON.stringify(event(9))]), 2)).toBeUndefined();
    const reordered = `{"events":[${events.map(withDevice).join(',')}],"head":42}`;
    expect(textsOf(new TextEncoder().encode(reordered), 2)).toBeUndefined();
    expect(textsOf(page(events.map(withDevice)), 3)).toBeUndefined();
    expect(textsOf(page([]), 0)).toBeUndefined();
  });
});
