/** A server per test file on the run's PostgreSQL, and what a device does with it over HTTP. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDesk } from '../src/access/access';
import { startServer, type RunningServer } from '../src/startServer';

/** Starts a server before the file's tests and stops it after them. */
export function useServer(): () => RunningServer {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await startServer({ databaseUrl: inject('databaseUrl') });
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the server has not started');
    return server;
  };
}

export interface Reply<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

export async function call<T = Record<string, unknown>>(
  server: RunningServer,
  method: 'GET' | 'POST',
  path: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${server.url}${path}`, { method, headers, body: body ?? null });
  return { status: response.status, body: (await response.json()) as T };
}

export interface DeviceAccess {
  readonly desk: string;
  readonly token: string;
  readonly id: string;
  readonly source: string;
}

interface JoinReply {
  token: string;
  device: { id: string; source: string };
  desk: { id: string };
}

export async function joinWith(server: RunningServer, invite: string): Promise<DeviceAccess> {
  const joined = await call<JoinReply>(server, 'POST', '/v1/join', { body: { invite } });
  if (joined.status !== 201) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
  const { token, device, desk } = joined.body;
  return { desk: desk.id, token, id: device.id, source: device.source };
}

/** A new desk and its owner's first device. */
export async function newDesk(server: RunningServer): Promise<DeviceAccess> {
  const { invite } = await createDesk(server.pool, 'Test desk', 'Owner');
  return joinWith(server, invite.code);
}

/** An invite code for `person`, made by `owner`. */
export async function inviteFrom(
  server: RunningServer,
  owner: DeviceAccess,
  person = 'Staff',
  role: 'member' | 'owner' = 'member',
): Promise<string> {
  const made = await call<{ invite: { code: string } }>(
    server,
    'POST',
    `/v1/desks/${owner.desk}/invites`,
    { token: owner.token, body: { person, role } },
  );
  if (made.status !== 201) throw new Error(`invite failed: ${JSON.stringify(made.body)}`);
  return made.body.invite.code;
}

/** Another device of `owner`'s desk, invited by the owner. */
export async function addDevice(
  server: RunningServer,
  owner: DeviceAccess,
  person = 'Staff',
  role: 'member' | 'owner' = 'member',
): Promise<DeviceAccess> {
  return joinWith(server, await inviteFrom(server, owner, person, role));
}

/** A device as the devices list and a revocation's reply show it. */
export interface ListedDevice {
  id: string;
  person: string;
  role: string;
  revokedAt: string | null;
  current: boolean;
}

/** `by`, a device of the desk, revokes the device `deviceId` of its desk. */
export const revoke = (server: RunningServer, by: DeviceAccess, deviceId: string) =>
  call<{ device: ListedDevice }>(
    server,
    'POST',
    `/v1/desks/${by.desk}/devices/${deviceId}/revoke`,
    {
      token: by.token,
    },
  );

export interface WireEvent {
  id: string;
  type: string;
  time: string;
  dataversion: number;
  data: Record<string, unknown>;
}

export interface Commit {
  stream: string;
  expectedVersion: number;
  events: WireEvent[];
}

export interface PushReply {
  head: number;
  accepted: {
    commit: number;
    id: string;
    position: number;
    streamVersion: number;
    duplicate: boolean;
  }[];
  rejected: {
    commit: number;
    stream: string;
    reason: string;
    message: string;
    currentVersion: number;
  }[];
}

export const push = (server: RunningServer, device: DeviceAccess, commits: unknown) =>
  call<PushReply>(server, 'POST', `/v1/desks/${device.desk}/push`, {
    token: device.token,
    body: { commits },
  });

export interface PulledEvent {
  id: string;
  type: string;
  subject: string;
  source: string;
  device: string;
  sequence: string;
  streamversion: number;
  data: Record<string, unknown>;
}

export interface PullReply {
  head: number;
  events: PulledEvent[];
}

export const pull = (server: RunningServer, device: DeviceAccess, query = 'after=0') =>
  call<PullReply>(server, 'GET', `/v1/desks/${device.desk}/events?${query}`, {
    token: device.token,
  });

export const positionOf = (event: PulledEvent): number => Number(event.sequence);

const time = '2026-03-01T10:00:00.000Z';
const event = (type: string, data: Record<string, unknown>): WireEvent => ({
  id: randomUUID(),
  type,
  time,
  dataversion: 1,
  data,
});

export const customerRegistered = (customerId: string, email = `${customerId}@example.com`) =>
  event('CustomerRegistered', { customer_id: customerId, name: `Customer ${customerId}`, email });

export const customerEmailChanged = (customerId: string, email: string) =>
  event('CustomerDetailsChanged', { customer_id: customerId, email });

export const orderPlaced = (orderId: string, customerId = 'c1') =>
  event('OrderPlaced', {
    order_id: orderId,
    customer_id: customerId,
    currency: 'EUR',
    items: [{ product_id: 'p1', name: 'Tea', quantity: 2, unit_price: 350 }],
    total: 700,
  });

export const orderCancelled = (orderId: string, reason = 'Changed their mind') =>
  event('OrderCancelled', { order_id: orderId, reason });

export const commit = (
  stream: string,
  expectedVersion: number,
  ...events: WireEvent[]
): Commit => ({
  stream,
  expectedVersion,
  events,
});

/** How many events the desk's log holds, read from the database itself. */
export async function storedCount(server: RunningServer, desk: string): Promise<number> {
  const result = await server.pool.query<{ count: number }>(
    'SELECT count(*)::integer AS count FROM events WHERE desk = $1',
    [desk],
  );
  return result.rows[0]?.count ?? -1;
}
