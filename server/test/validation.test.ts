import { describe, expect, it } from 'vitest';
import {
  call,
  commit,
  customerRegistered,
  newDesk,
  orderPlaced,
  pull,
  push,
  storedCount,
  useServer,
} from './support';

const server = useServer();

/** A push body of one commit whose one event is a registration with `change` applied. */
const withEvent = (change: (event: Record<string, unknown>) => void): string => {
  const event: Record<string, unknown> = { ...customerRegistered('c1') };
  change(event);
  return JSON.stringify({ commits: [commit('customer-c1', 0, event as never)] });
};

const placedWithData = (data: Record<string, unknown>) => ({
  ...orderPlaced('o2'),
  data: { ...orderPlaced('o2').data, ...data },
});

interface BadPush {
  readonly what: string;
  readonly body: string;
  readonly status: number;
  readonly error: string;
  /** Each must be in the message or in one of the reasons. */
  readonly says: readonly string[];
  readonly contentType?: string;
}

const badPushes: readonly BadPush[] = [
  {
    what: 'malformed JSON',
    body: '{"commits": [',
    status: 400,
    error: 'malformed_json',
    says: ['not valid JSON'],
  },
  {
    what: 'a body over the limit',
    body: withEvent((event) => {
      event.data = { ...(event.data as object), shipping_address: 'x'.repeat(2 * 1024 * 1024) };
    }),
    status: 413,
    error: 'body_too_large',
    says: ['larger than 1 MiB'],
  },
  {
    what: 'a body that is not JSON',
    body: 'commits=1',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    error: 'unsupported_media_type',
    says: ['Content-Type: application/json'],
  },
  {
    what: 'an unknown event type',
    body: withEvent((event) => {
      event.type = 'CustomerDeleted';
    }),
    status: 400,
    error: 'invalid_push',
    says: ['"CustomerDeleted" is not an event type of the catalog'],
  },
  {
    what: 'a __proto__ key, deep in the data',
    body: withEvent(() => undefined).replace(
      '"customer_id"',
      '"__proto__":{"admin":1},"customer_id"',
    ),
    status: 400,
    error: 'forbidden_key',
    says: ['a key named "__proto__"'],
  },
  {
    what: 'fields of the wrong type',
    body: JSON.stringify({
      commits: [
        { ...commit('order-o1', 0, orderPlaced('o1')), expectedVersion: '0' },
        commit('order-o2', 0, placedWithData({ total: '700' })),
        { ...commit('order-o3', 0), events: { id: 'e' } },
      ],
    }),
    status: 400,
    error: 'invalid_push',
    says: [
      'commits[0]: "expectedVersion" must be',
      'commits[1].events[0].data: "total" must be a whole number',
      'commits[2]: "events" must be a list',
    ],
  },
  {
    what: 'ids outside the contract’s rules',
    body: JSON.stringify({
      commits: [
        commit('customer-c 1', 0, customerRegistered('c 1')),
        commit('order-o1', 0, { ...orderPlaced('o1'), id: 'x'.repeat(65) }),
      ],
    }),
    status: 400,
    error: 'invalid_push',
    says: ['"customer_id" must be an id', 'commits[1].events[0]: "id" must be 1 to 64 letters'],
  },
  {
    what: 'a field the server stamps, and an unknown field',
    body: withEvent((event) => {
      event.source = 'urn:uuid:someone-else';
      event.colour = 'blue';
    }),
    status: 400,
    error: 'invalid_push',
    says: ['"source" may not be sent', '"colour" is not a field of the protocol'],
  },
  {
    what: 'an event of another stream than its commit’s, after a good commit',
    body: JSON.stringify({
      commits: [
        commit('customer-c1', 0, customerRegistered('c1')),
        commit('order-o1', 0, orderPlaced('o2')),
      ],
    }),
    status: 400,
    error: 'invalid_push',
    says: ['belongs to the stream order-o2, not order-o1'],
  },
  {
    what: 'a dependency on a later commit',
    body: JSON.stringify({
      commits: [{ ...commit('order-o1', 0, orderPlaced('o1')), dependsOn: [1] }],
    }),
    status: 400,
    error: 'invalid_push',
    says: ['"dependsOn" must list indexes of earlier commits'],
  },
  {
    what: 'text with a NUL character',
    body: withEvent((event) => {
      event.data = { ...(event.data as object), name: 'Bo\u0000b' };
    }),
    status: 400,
    error: 'invalid_text',
    says: ['NUL'],
  },
  {
    what: 'text with half a surrogate pair',
    body: withEvent(() => undefined).replace('"Customer c1"', '"Customer \\ud800"'),
    status: 400,
    error: 'invalid_text',
    says: ['not valid Unicode'],
  },
  {
    what: 'a time that does not exist',
    body: withEvent((event) => {
      event.time = '2026-02-30T10:00:00.000Z';
    }),
    status: 400,
    error: 'invalid_push',
    says: ['"time" must be an RFC 3339 UTC time'],
  },
  {
    what: 'an order whose total is not the sum of its lines',
    body: JSON.stringify({ commits: [commit('order-o2', 0, placedWithData({ total: 1 }))] }),
    status: 400,
    error: 'invalid_push',
    says: ['"total" is 1 but the lines add up to 700'],
  },
];

describe('bad input gets a 4xx with a reason, and nothing is written', () => {
  it.each(badPushes)('$what', async ({ body, status, error, says, contentType }) => {
    const device = await newDesk(server());

    const reply = await call(server(), 'POST', `/v1/desks/${device.desk}/push`, {
      token: device.token,
      rawBody: body,
      headers: { 'content-type': contentType ?? 'application/json' },
    });

    expect(reply.status).toBe(status);
    expect(reply.body.error).toBe(error);
    const told = [
      reply.body.message,
      ...((reply.body.reasons as unknown[] | undefined) ?? []),
    ].join('\n');
    for (const words of says) expect(told).toContain(words);
    expect(await storedCount(server(), device.desk)).toBe(0);
    expect((await pull(server(), device)).body.head).toBe(0);
  });

  it('a pull with a bad position or page size, and one past the end of the log', async () => {
    const device = await newDesk(server());
    await push(server(), device, [commit('customer-c1', 0, customerRegistered('c1'))]);

    const bad = await pull(server(), device, 'after=-1');
    const tooMany = await pull(server(), device, 'after=0&limit=100000');
    const ahead = await pull(server(), device, 'after=7');

    expect(bad.status).toBe(400);
    expect((bad.body as unknown as { message: string }).message).toContain(
      '"after" must be a whole number',
    );
    expect(tooMany.status).toBe(400);
    expect(ahead.status).toBe(409);
    expect(ahead.body).toMatchObject({ error: 'ahead_of_server', head: 1 });
  });
});
