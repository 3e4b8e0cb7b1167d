/**
 * The browser's sync engine against the real server: desks on IndexedDB (fake-indexeddb, as in
 * the unit tests) joined to one server desk, converging through it, and resolving conflicts.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createDesk } from '../src/access/access';
import type { Desk } from '../../src/application/desk';
import { toCloudEvent } from '../../src/store/cloudEvents';
import { openEventLogDb } from '../../src/store/db';
import { REBASING } from '../../src/store/eventStore';
import { refusePuts } from '../../src/store/testing';
import {
  allOnServer,
  closeTab,
  converged,
  eventsOf,
  place,
  register,
  run,
  useDevices,
  useWebLocks,
} from './devices';
import { inviteFrom, joinWith, push, useServer, type DeviceAccess } from './support';

const server = useServer();
const { device, tabOn, sharedDesk } = useDevices(server);

/**
 * Brings `desk` back online and has it leave as soon as a catch-up took its pending commands out
 * of the log to decide them again: what leaving gave (undefined, or the error it threw).
 */
async function leaveWhileTakenBack(desk: Desk): Promise<unknown> {
  let leaving: Promise<unknown> | undefined;
  const accept = desk.store.acceptServerEvents.bind(desk.store);
  vi.spyOn(desk.store, 'acceptServerEvents').mockImplementation(async (events, options) => {
    const accepted = await accept(events, options);
    // A refusal is kept to be looked at, not left unhandled meanwhile.
    if (accepted.taken.length > 0) leaving ??= desk.sync.leave().catch((error: unknown) => error);
    return accepted;
  });
  await desk.sync.resume();
  await vi.waitFor(
    () => {
      expect(leaving).toBeDefined();
    },
    { timeout: 30_000 },
  );
  return leaving;
}

/** Pushes `count` events to the desk as `owner`: orders placed, each in a commit of its own. */
async function seedOrders(owner: DeviceAccess, count: number): Promise<void> {
  for (let done = 0; done < count;) {
    // At most 500 commits a push (docs/sync.md, Limits).
    const commits = Array.from({ length: Math.min(500, count - done) }, (_, i) => ({
      stream: `order-seed-${done + i}`,
      expectedVersion: 0,
      events: [
        {
          id: randomUUID(),
          type: 'OrderPlaced',
          time: '2026-12-06T09:00:00.000Z',
          dataversion: 1,
          data: {
            order_id: `seed-${done + i}`,
            customer_id: 'c1',
            currency: 'EUR',
            items: [{ product_id: 'p-tea', name: 'Tea', quantity: 1, unit_price: 350 }],
            total: 350,
          },
        },
      ],
    }));
    const reply = await push(server(), owner, commits);
    if (reply.body.accepted.length !== commits.length)
      throw new Error(`seeding failed: ${JSON.stringify(reply.body).slice(0, 300)}`);
    done += commits.length;
  }
}

/**
 * Answers the first push with `body` (a 400), and every other request as the server does: how
 * many pushes were answered so.
 */
function refuseFirstPush(body: object): () => number {
  const realFetch = globalThis.fetch;
  let refused = 0;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    if (refused > 0 || !new Request(input).url.endsWith('/push')) return realFetch(input, init);
    refused++;
    return Promise.resolve(new Response(JSON.stringify(body), { status: 400 }));
  });
  return () => refused;
}

/**
 * A desk of its own with Sam's device b joined and up to date, then offline with customer c9
 * registered: one command pending. The owner's access pushes for the other devices.
 */
async function offlineWithCustomer(): Promise<{ owner: DeviceAccess; b: Desk }> {
  const { invite } = await createDesk(server().pool, 'Long desk', 'Ana');
  const owner = await joinWith(server(), invite.code);
  const b = await device();
  await b.sync.connect(server().url, await inviteFrom(server(), owner, 'Sam'));
  await vi.waitFor(() => {
    expect(b.sync.getState().phase).toBe('up_to_date');
  });
  b.sync.stop();
  await run(b, register('c9', 'nine@example.com'));
  return { owner, b };
}

describe('a device joining a long desk', () => {
  it('takes it in page by page, in the server’s order, and writes a snapshot once caught up', async () => {
    const { invite } = await createDesk(server().pool, 'Long desk', 'Ana');
    const owner = await joinWith(server(), invite.code);
    const events = 20_500;
    await seedOrders(owner, events);
    const fresh = await device();
    const snapshots: number[] = [];
    const writeSnapshot = fresh.store.writeSnapshot.bind(fresh.store);
    vi.spyOn(fresh.store, 'writeSnapshot').mockImplementation((position, views) => {
      snapshots.push(position);
      return writeSnapshot(position, views);
    });
    const catchingUpTo: (number | null)[] = [null];
    fresh.sync.subscribe(() => {
      const { catchingUpTo: now } = fresh.sync.getState();
      if (catchingUpTo.at(-1) !== now) catchingUpTo.push(now);
    });
    await fresh.sync.connect(server().url, await inviteFrom(server(), owner, 'Sam'));

    await vi.waitFor(
      () => {
        expect(fresh.sync.getState().phase).toBe('up_to_date');
        expect(fresh.getStatus().present.position).toBe(events);
      },
      { timeout: 60_000, interval: 100 },
    );
    await vi.waitFor(() => {
      expect(snapshots).toEqual([events]);
    });
    expect(catchingUpTo).toEqual([null, events, null]);
    const log = await eventsOf(fresh);
    expect(log.map((event) => event.streamId)).toEqual(
      Array.from({ length: events }, (_, i) => `order-seed-${i}`),
    );
    expect(fresh.getStatus().present.orders.count).toBe(events);
    // The log keeps the server's JSON of the events: byte for byte what this app writes of them.
    const { blob } = await fresh.exportLog();
    expect(await blob.text()).toBe(JSON.stringify(log.map(toCloudEvent)));
  });

  it('closed while it catches up, goes on from the page it had, after a reload', async () => {
    const { invite } = await createDesk(server().pool, 'Long desk', 'Ana');
    const owner = await joinWith(server(), invite.code);
    const events = 25_000;
    await seedOrders(owner, events);
    const name = `device-${randomUUID()}`;
    const first = await device(name);
    // The tab closes once its first page is in and the next one has come, read and parsed.
    const realFetch = globalThis.fetch;
    let secondPageCame: () => void = () => undefined;
    const secondPage = new Promise<void>((resolve) => {
      secondPageCame = resolve;
    });
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      if (new URL(new Request(input).url).searchParams.get('after') !== '10000') return response;
      const body = await response.arrayBuffer();
      secondPageCame();
      return new Response(body, { status: response.status, headers: response.headers });
    });
    const accept = first.store.acceptServerEvents.bind(first.store);
    vi.spyOn(first.store, 'acceptServerEvents').mockImplementation(async (...args) => {
      const accepted = await accept(...args);
      await secondPage;
      // The sync's own reading of the page's bytes ends within moments.
      await new Promise((resolve) => setTimeout(resolve, 200));
      first.sync.stop();
      return accepted;
    });
    await first.sync.connect(server().url, await inviteFrom(server(), owner, 'Sam'));
    await vi.waitFor(
      () => {
        expect(first.sync.getState().catchingUpTo).toBeNull();
        expect(first.store.confirmed).toBe(10_000);
      },
      { timeout: 60_000 },
    );
    first.store.close();
    vi.restoreAllMocks();

    const asked: number[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const url = new URL(new Request(input).url);
      if (url.pathname.endsWith('/events')) asked.push(Number(url.searchParams.get('after')));
      return realFetch(input, init);
    });
    const reloaded = await tabOn(name);
    await vi.waitFor(
      () => {
        expect(reloaded.sync.getState().phase).toBe('up_to_date');
        expect(reloaded.getStatus().present.position).toBe(events);
      },
      { timeout: 60_000, interval: 100 },
    );
    expect(asked[0]).toBe(10_000);
    const log = await eventsOf(reloaded);
    expect(log.map((event) => event.streamId)).toEqual(
      Array.from({ length: events }, (_, i) => `order-seed-${i}`),
    );
    expect(reloaded.store.confirmed).toBe(events);
  }, 150_000);
});

describe('a device whose catch-up failed once', () => {
  it('says no more that the server cannot be reached once a page comes', async () => {
    const { invite } = await createDesk(server().pool, 'Long desk', 'Ana');
    const owner = await joinWith(server(), invite.code);
    await seedOrders(owner, 20_500);
    const fresh = await device();
    // The second page's first request finds no network.
    const realFetch = globalThis.fetch;
    let failed = false;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      if (!failed && new URL(new Request(input).url).searchParams.get('after') === '10000') {
        failed = true;
        return Promise.reject(new TypeError('Failed to fetch'));
      }
      return realFetch(input, init);
    });
    const problems: (string | null)[] = [];
    const accept = fresh.store.acceptServerEvents.bind(fresh.store);
    vi.spyOn(fresh.store, 'acceptServerEvents').mockImplementation((events, options) => {
      if (options.after >= 10_000) problems.push(fresh.sync.getState().problem);
      return accept(events, options);
    });
    await fresh.sync.connect(server().url, await inviteFrom(server(), owner, 'Sam'));

    await vi.waitFor(
      () => {
        expect(fresh.sync.getState().phase).toBe('up_to_date');
      },
      { timeout: 60_000, interval: 100 },
    );
    expect(failed).toBe(true);
    expect(problems).toEqual([null, null]);
  }, 90_000);
});

describe('a device catching up that meets an event it cannot read', () => {
  it('stops and says why, keeping the pages before it and nothing of that page', async () => {
    const { invite } = await createDesk(server().pool, 'Long desk', 'Ana');
    const owner = await joinWith(server(), invite.code);
    await seedOrders(owner, 20_500);
    const fresh = await device();
    // The second page holds an event of a type this app does not know (a newer app's).
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      if (new URL(new Request(input).url).searchParams.get('after') !== '10000') return response;
      const text = (await response.text()).replace('"OrderPlaced"', '"OrderTeleported"');
      return new Response(text, { status: response.status, headers: response.headers });
    });
    await fresh.sync.connect(server().url, await inviteFrom(server(), owner, 'Sam'));

    await vi.waitFor(
      () => {
        expect(fresh.sync.getState().phase).toBe('stopped');
      },
      { timeout: 60_000, interval: 100 },
    );
    expect(fresh.sync.getState().problem).toMatch(/OrderTeleported.*Update the app\.$/u);
    expect(fresh.store.confirmed).toBe(10_000);
    expect(fresh.store.head).toBe(10_000);
    // The views fold the first page in slices, after it was written.
    await vi.waitFor(() => {
      expect(fresh.getStatus().present.orders.count).toBe(10_000);
    });
  });
});

describe('a device that leaves while it catches up', () => {
  it('keeps a command that the first page took out to decide again', async () => {
    const { invite } = await createDesk(server().pool, 'Long desk', 'Ana');
    const owner = await joinWith(server(), invite.code);
    const b = await device();
    await b.sync.connect(server().url, await inviteFrom(server(), owner, 'Sam'));
    b.sync.stop();
    await run(b, register('c9', 'nine@example.com'));
    await seedOrders(owner, 10_500);

    // Left after the first of two pages: the loop stops before the second, without deciding.
    const left = await leaveWhileTakenBack(b);

    expect(left).toBeUndefined();
    expect(b.sync.getState().joined).toBeNull();
    expect(b.store.head).toBe(10_001);
    const [last] = await b.store.readRange(10_001, 10_001);
    expect(last?.type).toBe('CustomerRegistered');
    expect(last?.data).toMatchObject({ customer_id: 'c9' });
  });
});

describe('a device whose disk fills while it catches up', () => {
  it('says so, keeps the pages it had, and goes on once there is room', async () => {
    const { invite } = await createDesk(server().pool, 'Long desk', 'Ana');
    const owner = await joinWith(server(), invite.code);
    const events = 25_000;
    await seedOrders(owner, events);
    const fresh = await device();
    // Once the first page is in, the disk is full: the log's writes are refused, as a browser
    // refuses them (its head record is written with every page).
    let full = false;
    fresh.store.subscribe(() => {
      if (fresh.store.head >= 10_000) full = true;
    });
    refusePuts('meta', 'QuotaExceededError', () => full);
    await fresh.sync.connect(server().url, await inviteFrom(server(), owner, 'Sam'));

    await vi.waitFor(
      () => {
        expect(fresh.sync.getState().problem).toMatch(
          /^The browser's storage for this site is full/,
        );
      },
      { timeout: 60_000, interval: 50 },
    );
    expect(fresh.sync.getState().phase).toBe('syncing');
    expect(fresh.store.confirmed).toBe(10_000);
    expect(await eventsOf(fresh)).toHaveLength(10_000);

    full = false;
    vi.restoreAllMocks();
    fresh.sync.syncNow();
    await vi.waitFor(
      () => {
        expect(fresh.sync.getState().phase).toBe('up_to_date');
        expect(fresh.getStatus().present.position).toBe(events);
      },
      { timeout: 60_000, interval: 100 },
    );
    expect(fresh.sync.getState().problem).toBeNull();
    const log = await eventsOf(fresh);
    expect(log.map((event) => event.streamId)).toEqual(
      Array.from({ length: events }, (_, i) => `order-seed-${i}`),
    );
  }, 150_000);
});

/**
 * Two devices of a desk with order o1: while b was offline, a cancelled it (on the server before
 * b is back: otherwise b's payment may get there first, and a's cancellation is the one decided
 * again) and b recorded a payment, pending. b's sync is stopped.
 */
async function paidOfflineWhileCancelled(): Promise<[Desk, Desk]> {
  const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
  await run(a, register('c1', 'ana@example.com'));
  await run(a, place('o1', 'c1'));
  await converged([a, b]);
  b.sync.stop();
  await run(a, { type: 'CancelOrder', data: { orderId: 'o1', reason: 'Out of stock' } });
  await allOnServer(a);
  await run(b, {
    type: 'RecordPayment',
    data: { orderId: 'o1', paymentId: 'p1', amount: 2500, method: 'card' },
  });
  return [a, b];
}

describe('devices of one desk', () => {
  it('see each other’s commands, in the server’s order, stamped with their person', async () => {
    const [counter, packer] = (await sharedDesk(2)) as [Desk, Desk];
    await run(counter, register('c1', 'ana@example.com'));
    await run(counter, place('o1', 'c1'));
    await run(packer, register('c2', 'bo@example.com'));

    const log = await converged([counter, packer]);

    expect(log.map((event) => event.type).sort()).toEqual(
      ['CustomerRegistered', 'CustomerRegistered', 'OrderPlaced'].sort(),
    );
    expect(log.map((event) => event.position)).toEqual([1, 2, 3]);
    const packerEvent = log.find(
      (event) => event.type === 'CustomerRegistered' && event.data.customer_id === 'c2',
    );
    expect(packerEvent?.metadata.actor).toBe('Staff 1');
    expect(packer.getStatus().present.orders.count).toBe(1);
  });

  it('record a command made as soon as the desk is open as their device and person', async () => {
    const [, packer] = (await sharedDesk(2)) as [Desk, Desk];
    const joined = packer.sync.getState().joined;
    closeTab(packer);

    const reopened = await device(packer.store.databaseName);
    const result = await reopened.execute(register('c1', 'ana@example.com'));

    expect(result.ok && result.events[0]?.metadata).toMatchObject({
      source: joined?.source,
      actor: 'Staff 1',
    });
  });

  it('decide a command again when another device’s events came first, and keep it', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    await run(a, register('c1', 'ana@example.com'));
    await run(a, place('o1', 'c1'));
    await converged([a, b]);
    b.sync.stop();
    await run(a, {
      type: 'RecordPayment',
      data: { orderId: 'o1', paymentId: 'p1', amount: 2500, method: 'cash' },
    });
    // The payment is on the server before b is back: otherwise b's change may get there first.
    await allOnServer(a);
    // Offline, b changes the customer while a paid the order: different streams, both stay.
    await run(b, { type: 'ChangeCustomerDetails', data: { customerId: 'c1', name: 'Ana B' } });
    await b.sync.resume();

    const log = await converged([a, b]);
    expect(log.map((event) => event.type).slice(2)).toEqual([
      'PaymentProcessed',
      'CustomerDetailsChanged',
    ]);
    expect(b.sync.getState().attention).toEqual([]);
  });

  it('keep a command taken out to be decided again when the device leaves meanwhile', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    await run(a, register('c1', 'ana@example.com'));
    await converged([a, b]);
    b.sync.stop();
    await run(a, { type: 'ChangeCustomerDetails', data: { customerId: 'c1', name: 'Ana A' } });
    await allOnServer(a);
    await run(b, {
      type: 'ChangeCustomerDetails',
      data: { customerId: 'c1', shippingAddress: '1 Quay St' },
    });
    // The person leaves just as the catch-up took b's change out of the log to decide it again.
    const left = await leaveWhileTakenBack(b);
    expect(left).toBeUndefined();
    expect(b.sync.getState().joined).toBeNull();
    const log = await eventsOf(b);
    expect(log.map((event) => event.type)).toEqual([
      'CustomerRegistered',
      'CustomerDetailsChanged',
      'CustomerDetailsChanged',
    ]);
    expect(log.at(-1)?.data).toMatchObject({ customer_id: 'c1', shipping_address: '1 Quay St' });
  });

  it('stay on the desk when leaving finds a command that now breaks a rule, and list it', async () => {
    const [a, b] = await paidOfflineWhileCancelled();
    const left = await leaveWhileTakenBack(b);

    expect(String(left)).toMatch(/no longer fits the desk: see Needs attention/u);
    expect(b.sync.getState().joined).not.toBeNull();
    expect(b.sync.getState().attention.map((item) => item.command.type)).toEqual(['RecordPayment']);
    await converged([a, b]);
  });

  it('put a command that now breaks a rule on Needs attention, with the reason, and drop nothing else', async () => {
    const [a, b] = await paidOfflineWhileCancelled();
    await run(b, register('c2', 'bo@example.com'));
    await b.sync.resume();

    const log = await converged([a, b]);
    expect(log.map((event) => event.type)).toEqual([
      'CustomerRegistered',
      'OrderPlaced',
      'OrderCancelled',
      'CustomerRegistered',
    ]);
    const [item] = b.sync.getState().attention;
    expect(item?.command.type).toBe('RecordPayment');
    expect(item?.reason).toMatch(/cancelled/iu);
    expect(b.getStatus().present.orders.get('o1')?.status).toBe('Cancelled');
  });

  it('give an email taken on two devices offline to the first to sync; the other needs attention', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    a.sync.stop();
    b.sync.stop();
    await run(a, register('c1', 'same@example.com'));
    await run(b, register('c2', 'Same@Example.com'));
    await a.sync.resume();
    await converged([a]);
    await b.sync.resume();

    const log = await converged([a, b]);
    expect(log.filter((event) => event.type === 'CustomerRegistered')).toHaveLength(1);
    expect(b.sync.getState().attention.map((item) => item.command.type)).toEqual([
      'RegisterCustomer',
    ]);
  });

  it('send a push again when its reply was lost, and store it once', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    const realFetch = globalThis.fetch;
    let lost = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const response = await realFetch(input, init);
      if (lost === 0 && new Request(input).url.endsWith('/push')) {
        lost++;
        throw new TypeError('network error');
      }
      return response;
    });
    await run(a, register('c1', 'ana@example.com'));

    const log = await converged([a, b]);
    expect(lost).toBe(1);
    expect(log.map((event) => event.id)).toHaveLength(1);
  });

  it('stop when the owner revokes a device, and say so', async () => {
    const [owner, member] = (await sharedDesk(2)) as [Desk, Desk];
    const devices = await owner.sync.devices();
    const memberDevice = devices.find((entry) => !entry.current);
    await owner.sync.revoke(memberDevice?.id ?? '');
    await run(member, register('c9', 'late@example.com'));

    await vi.waitFor(
      () => {
        expect(member.sync.getState().phase).toBe('stopped');
      },
      { timeout: 30_000 },
    );
    expect(member.sync.getState().problem).toMatch(/removed|revoked/iu);
    expect(member.store.head - (member.store.confirmed ?? 0)).toBe(1);
  });

  it('stop at once when the owner revokes a device that waits for news, and say so', async () => {
    const [owner, member] = (await sharedDesk(2)) as [Desk, Desk];
    await converged([owner, member]);
    const devices = await owner.sync.devices();
    const memberDevice = devices.find((entry) => !entry.current);
    const started = Date.now();
    await owner.sync.revoke(memberDevice?.id ?? '');

    await vi.waitFor(
      () => {
        expect(member.sync.getState().phase).toBe('stopped');
      },
      { timeout: 30_000 },
    );
    expect(member.sync.getState().problem).toMatch(/removed|revoked/iu);
    // Its long-poll (25 s) was ended by the server; the bound is loose for a busy machine.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('send a log kept before joining to an empty desk', async () => {
    const { invite } = await createDesk(server().pool, 'New shop', 'Ana');
    const before = await device();
    await run(before, register('c1', 'ana@example.com'));
    await run(before, place('o1', 'c1'));
    await before.sync.connect(server().url, invite.code);
    const other = await device();
    const { code } = await before.sync.invite('Sam', 'member');
    await other.sync.connect(server().url, code);

    const log = await converged([before, other]);
    expect(log.map((event) => event.type)).toEqual(['CustomerRegistered', 'OrderPlaced']);
    // As the server stamped them: from the device that pushed them, the same on both devices.
    const [kept, pulled] = await Promise.all(
      [before, other].map(async (desk) =>
        (await eventsOf(desk)).map((event) => toCloudEvent(event)),
      ),
    );
    expect(kept).toEqual(pulled);
    expect(kept?.map((event) => event.source)).toEqual(
      Array(2).fill(before.sync.getState().joined?.source),
    );
  });
});

describe('a device whose commands another desk’s events already hold by id', () => {
  it('lists each on Needs attention in turn, without waiting longer after each', async () => {
    const [first] = (await sharedDesk(1)) as [Desk];
    const [second] = (await sharedDesk(1)) as [Desk];
    second.sync.stop();
    // Event ids are made from command ids, and are unique on the server across its desks.
    const commandIds = Array.from({ length: 6 }, (_, i) => `cmd-shared-${i}`);
    for (const [i, commandId] of commandIds.entries()) {
      const ran = await first.execute(register(`c${i}`, `first-${i}@example.com`), commandId);
      expect(ran.ok).toBe(true);
      const again = await second.execute(register(`c${i}`, `second-${i}@example.com`), commandId);
      expect(again.ok).toBe(true);
    }
    await converged([first]);
    await second.sync.resume();

    // A refusal that withdraws a command is progress: with the pause that follows a push
    // refused without progress (1, 2, 4, … 30 s), the six would take over a minute.
    await vi.waitFor(
      () => {
        expect(second.sync.getState().attention.map((item) => item.id)).toEqual(commandIds);
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(second.store.head).toBe(0);
    expect(second.sync.getState().attention[0]?.reason).toMatch(/already stored/iu);

    // Dealt with, all but the last two leave the list, and stay gone after a reload.
    await second.sync.dismiss(commandIds.slice(0, 4));
    expect(second.sync.getState().attention.map((item) => item.id)).toEqual(commandIds.slice(4));
    second.sync.stop();
    const reopened = await tabOn(second.store.databaseName);
    expect(reopened.sync.getState().attention.map((item) => item.id)).toEqual(commandIds.slice(4));
  });
});

describe('a device whose push the server finds malformed', () => {
  it('lists the command the server names on Needs attention, and sends the others', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    b.sync.stop();
    await run(b, register('c1', 'one@example.com'));
    await run(b, register('c2', 'two@example.com'));
    await run(b, register('c3', 'three@example.com'));
    // What a server with another catalog answers: the second commit is not of the protocol.
    const refused = refuseFirstPush({
      error: 'invalid_push',
      message: 'The push is not valid: see reasons.',
      reasons: ['commits[1].events[0]: "type" "CustomerRegistered" is not an event type'],
    });
    await b.sync.resume();

    const log = await converged([a, b]);
    expect(refused()).toBe(1);
    expect(log.map((event) => event.streamId)).toEqual(['customer-c1', 'customer-c3']);
    expect(b.sync.getState().attention.map((item) => item.command.data)).toEqual([
      expect.objectContaining({ customerId: 'c2' }),
    ]);
  });
});

describe('a device whose pending command holds text the server cannot store', () => {
  it('lists it on Needs attention and sends the others', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    b.sync.stop();
    await run(b, register('c1', 'one@example.com'));
    // Stored before the domain refused such text: written past the decider, into the store.
    const registered = (await eventsOf(b)).at(-1);
    if (registered === undefined) throw new Error('c1 was not registered');
    const commandId = `cmd-${randomUUID()}`;
    await b.store.append(
      'customer-c1',
      [
        {
          id: `${commandId}-1`,
          type: 'CustomerDetailsChanged',
          time: registered.time,
          data: { customer_id: 'c1', name: 'Nul\u0000here' },
          metadata: { ...registered.metadata, correlationId: commandId, causationId: commandId },
        },
      ],
      { expectedVersion: registered.streamVersion },
    );
    await run(b, register('c2', 'two@example.com'));
    await b.sync.resume();

    const log = await converged([a, b]);
    expect(log.map((event) => event.type)).toEqual(['CustomerRegistered', 'CustomerRegistered']);
    expect(log.map((event) => event.streamId)).toEqual(['customer-c1', 'customer-c2']);
    const { attention } = b.sync.getState();
    expect(attention.map((item) => [item.id, item.command])).toEqual([
      [
        commandId,
        { type: 'ChangeCustomerDetails', data: { customerId: 'c1', name: 'Nul\u0000here' } },
      ],
    ]);
    expect(attention[0]?.reason).toBe(
      'The server refused it. Its “name” holds a NUL character (U+0000), which cannot be stored: type it again rather than pasting it.',
    );
  });

  it('withdraws nothing when none of its commands holds such text, and tries again', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    b.sync.stop();
    await run(b, register('c1', 'one@example.com'));
    await run(b, register('c2', 'two@example.com'));
    // A server whose rule is stricter than this device's: no command is to blame.
    const refused = refuseFirstPush({
      error: 'invalid_text',
      message: 'Some text in the body cannot be stored.',
    });
    await b.sync.resume();

    const log = await converged([a, b]);
    expect(refused()).toBe(1);
    expect(log.map((event) => event.streamId)).toEqual(['customer-c1', 'customer-c2']);
    expect(b.sync.getState().attention).toEqual([]);
  });
});

describe('a device whose catch-up fails half-way', () => {
  it('keeps this device’s pending command in its views and its pending count while offline', async () => {
    const { owner, b } = await offlineWithCustomer();
    expect(b.getStatus().present.customers.get('c9')).toBeDefined();
    await seedOrders(owner, 10_500);
    // The connection drops after the first page of the catch-up: every later request fails.
    const realFetch = globalThis.fetch;
    let firstPageIn = false;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = new URL(new Request(input).url);
      if (firstPageIn) throw new TypeError('network error');
      if (url.searchParams.get('after') === '10000') {
        firstPageIn = true;
        throw new TypeError('network error');
      }
      return realFetch(input, init);
    });
    await b.sync.resume();
    await vi.waitFor(
      () => {
        expect(b.sync.getState().phase).toBe('offline');
        expect(b.getStatus().present.position).toBe(b.store.head);
      },
      { timeout: 60_000 },
    );
    // Offline for a while: it stays so.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // What the person sees while offline: their own customer, and one change not yet synced.
    const { confirmed, logHead } = b.getStatus();
    expect({
      phase: b.sync.getState().phase,
      head: b.store.head,
      pending: logHead - (confirmed ?? 0),
      c9: b.getStatus().present.customers.get('c9') !== undefined,
    }).toEqual({ phase: 'offline', head: 10_001, pending: 1, c9: true });
  }, 120_000);
});

describe('a device on a long catch-up', () => {
  it('counts the pending command it set aside until the catch-up ends', async () => {
    const { owner, b } = await offlineWithCustomer();
    await seedOrders(owner, 10_500);
    // The second page is held back until the person has looked.
    const realFetch = globalThis.fetch;
    let letSecondPageGo: () => void = () => undefined;
    const secondPageMayGo = new Promise<void>((resolve) => {
      letSecondPageGo = resolve;
    });
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (new URL(new Request(input).url).searchParams.get('after') === '10000')
        await secondPageMayGo;
      return realFetch(input, init);
    });
    await b.sync.resume();
    await vi.waitFor(
      () => {
        expect(b.store.confirmed).toBe(10_000);
        expect(b.sync.getState().setAside).toBe(1);
      },
      { timeout: 60_000 },
    );
    // Out of the log meanwhile: the log's own pending count is 0.
    expect(b.store.head).toBe(10_000);

    letSecondPageGo();
    await vi.waitFor(
      () => {
        expect(b.sync.getState().phase).toBe('up_to_date');
        expect(b.store.confirmed).toBe(10_501);
      },
      { timeout: 60_000 },
    );
    expect(b.sync.getState().setAside).toBe(0);
    expect((await eventsOf(b)).at(-1)?.streamId).toBe('customer-c9');
  }, 120_000);
});

describe('Needs attention in two tabs of one browser', () => {
  /** b takes `email` offline after a took it: b's registration ends on Needs attention. */
  async function conflict(a: Desk, b: Desk, n: number) {
    a.sync.stop();
    b.sync.stop();
    await run(a, register(`a${n}`, `same${n}@example.com`));
    await run(b, register(`b${n}`, `same${n}@example.com`));
    await a.sync.resume();
    await allOnServer(a);
    await b.sync.resume();
    await vi.waitFor(
      () => {
        expect(b.sync.getState().attention.map((item) => item.id).length).toBeGreaterThanOrEqual(n);
      },
      { timeout: 30_000 },
    );
  }

  it('a second tab sees the conflicts the syncing tab lists, and dismissing there loses none', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    await conflict(a, b, 1);
    // A second tab of b's browser opens now; it does not sync (b's tab holds the lock).
    const second = await tabOn(b.store.databaseName);
    second.sync.stop();
    expect(second.sync.getState().attention).toHaveLength(1);
    await conflict(a, b, 2);
    expect(b.sync.getState().attention).toHaveLength(2);
    // The second tab hears of the new conflict from the first.
    await vi.waitFor(() => {
      expect(second.sync.getState().attention).toHaveLength(2);
    });
    // The person deals with the first conflict in the second tab.
    const [dealtWith, kept] = second.sync.getState().attention.map((item) => item.id);
    await second.sync.dismiss([dealtWith ?? '']);
    // The syncing tab hears of it too.
    await vi.waitFor(() => {
      expect(b.sync.getState().attention.map((item) => item.id)).toEqual([kept]);
    });
    b.sync.stop();
    const reopened = await tabOn(b.store.databaseName);
    reopened.sync.stop();
    expect(reopened.sync.getState().attention.map((item) => item.id)).toEqual([kept]);
  });
});

describe('a tab opened before the browser joined a desk in another tab', () => {
  it('cannot join this browser to a second desk on top of the first', async () => {
    const name = `device-${randomUUID()}`;
    const first = await device(name);
    const second = await device(name);
    const one = await createDesk(server().pool, 'Desk one', 'Ana');
    await first.sync.connect(server().url, one.invite.code);
    await run(first, register('c1', 'ana@example.com'));
    await allOnServer(first);
    // Another desk, with events of its own.
    const two = await createDesk(server().pool, 'Desk two', 'Bo');
    const ownerOfTwo = await joinWith(server(), two.invite.code);
    await seedOrders(ownerOfTwo, 3);
    // The second tab still shows the join form; the person joins there with desk two's invite.
    const joinedTwice = await second.sync
      .connect(server().url, await inviteFrom(server(), ownerOfTwo, 'Sam'))
      .then(
        () => 'joined',
        (error: unknown) => String(error),
      );
    first.sync.stop();
    second.sync.stop();
    const reloaded = await tabOn(name);
    await vi.waitFor(
      () => {
        expect(['up_to_date', 'stopped']).toContain(reloaded.sync.getState().phase);
      },
      { timeout: 30_000 },
    );
    const log = await eventsOf(reloaded);
    // Refused, whether the second tab had heard of the join already or found it on joining.
    expect(joinedTwice).toMatch(
      /^(Error: This browser has joined a desk already\.|JoinedInAnotherTabError: This browser joined a desk in another tab)/u,
    );
    expect({
      desk: reloaded.sync.getState().joined?.deskName,
      streams: log.map((event) => event.streamId),
    }).toEqual({ desk: 'Desk one', streams: ['customer-c1'] });
  });
});

describe('joining when the disk is full', () => {
  it('leaves the log as it was: not syncing, nothing shown as not yet synced', async () => {
    const { invite } = await createDesk(server().pool, 'New shop', 'Ana');
    const before = await device();
    await run(before, register('c1', 'ana@example.com'));
    refusePuts('sync', 'QuotaExceededError');
    const joined = await before.sync.connect(server().url, invite.code).then(
      () => 'joined',
      (error: unknown) => String(error),
    );
    vi.restoreAllMocks();
    expect(joined).toMatch(/^StorageFullError/u);
    expect({
      phase: before.sync.getState().phase,
      confirmed: before.getStatus().confirmed,
    }).toEqual({ phase: 'off', confirmed: null });
  });
});

describe('a long catch-up whose later page frees an email', () => {
  it('keeps a pending registration that the whole log allows (not refused against page 1)', async () => {
    const { owner, b } = await offlineWithCustomer();
    // Another device registers cx with that email (page 1), then changes it (page 2).
    const ev = (type: string, data: Record<string, unknown>) => ({
      id: randomUUID(),
      type,
      time: '2026-12-06T09:00:00.000Z',
      dataversion: 1,
      data,
    });
    const first = await push(server(), owner, [
      {
        stream: 'customer-cx',
        expectedVersion: 0,
        events: [
          ev('CustomerRegistered', { customer_id: 'cx', name: 'X', email: 'nine@example.com' }),
        ],
      },
    ]);
    expect(first.body.accepted).toHaveLength(1);
    await seedOrders(owner, 10_100);
    const freed = await push(server(), owner, [
      {
        stream: 'customer-cx',
        expectedVersion: 1,
        events: [ev('CustomerDetailsChanged', { customer_id: 'cx', email: 'x@example.com' })],
      },
    ]);
    expect(freed.body.accepted).toHaveLength(1);
    await b.sync.resume();
    await allOnServer(b);
    await vi.waitFor(() => {
      expect(b.sync.getState().phase).toBe('up_to_date');
    });
    expect({
      attention: b.sync.getState().attention.map((item) => item.reason),
      last: (await eventsOf(b)).at(-1)?.streamId,
    }).toEqual({ attention: [], last: 'customer-c9' });
  }, 120_000);
});

describe('a tab that follows another tab while its own loop lists a conflict', () => {
  it('keeps the conflict listed, and does not leave without it being seen', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    const second = await tabOn(b.store.databaseName);
    second.sync.stop();
    a.sync.stop();
    b.sync.stop();
    await run(a, register('a1', 'same1@example.com'));
    await run(b, register('b1', 'same1@example.com'));
    await a.sync.resume();
    await allOnServer(a);
    // b's following of other tabs reads Needs attention, then waits a moment (a slow disk).
    const read = b.store.readSyncRecord.bind(b.store);
    let gate: 'armed' | 'held' | 'open' = 'armed';
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    vi.spyOn(b.store, 'readSyncRecord').mockImplementation(async (key) => {
      if (key === 'lastSync' && gate === 'armed') {
        gate = 'held';
        await opened;
      }
      return read(key);
    });
    // Something happens in the second tab: b follows it.
    await run(second, register('s1', 's1@example.com'));
    await vi.waitFor(() => {
      expect(gate).toBe('held');
    });
    // Meanwhile b's loop takes b1 out, and lists it.
    await b.sync.resume();
    await vi.waitFor(
      async () => {
        expect(await read('attention')).toHaveLength(1);
      },
      { timeout: 30_000 },
    );
    gate = 'open';
    open();
    await allOnServer(b);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Listed in storage, so it must be listed here: leaving checks what the person was shown.
    expect(b.sync.getState().attention.map((item) => item.command)).toEqual([
      register('b1', 'same1@example.com'),
    ]);
  });
});

describe('a tab slow to hear that another tab left a desk and joined another', () => {
  it('shows the desk the log syncs with now, not the one left', async () => {
    const name = `device-${randomUUID()}`;
    const first = await device(name);
    const one = await createDesk(server().pool, 'Desk one', 'Ana');
    await first.sync.connect(server().url, one.invite.code);
    await allOnServer(first);
    const second = await tabOn(name);
    second.sync.stop();
    expect(second.sync.getState().joined?.deskName).toBe('Desk one');
    // The second tab is slow to read (a busy queue, a frozen background tab).
    const read = second.store.readSyncRecord.bind(second.store);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = false;
    vi.spyOn(second.store, 'readSyncRecord').mockImplementation(async (key) => {
      if (key === 'connection' && !held) {
        held = true;
        await released;
      }
      return read(key);
    });
    first.sync.stop();
    await first.sync.leave();
    const two = await createDesk(server().pool, 'Desk two', 'Bo');
    await first.sync.connect(server().url, two.invite.code);
    release();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect({
      first: first.sync.getState().joined?.deskName,
      second: second.sync.getState().joined?.deskName,
      secondToken: second.sync.getState().joined?.token === first.sync.getState().joined?.token,
    }).toEqual({ first: 'Desk two', second: 'Desk two', secondToken: true });
  });
});

describe('a push whose reply was lost, found on a later page of a long catch-up', () => {
  it('is stored once', async () => {
    const { owner, b } = await offlineWithCustomer();
    await seedOrders(owner, 10_200);
    // b's push of c9 reached the server, its reply did not.
    const joined = b.sync.getState().joined;
    if (joined === null) throw new Error('not joined');
    const { pushOf, commandsOf } = await import('../../src/application/sync/wire');
    const pending = await b.store.readRange((b.store.confirmed ?? 0) + 1, b.store.head);
    const sent = await push(
      server(),
      { desk: joined.desk, token: joined.token, id: joined.deviceId, source: joined.source },
      pushOf(commandsOf(pending)),
    );
    expect(sent.body.accepted).toHaveLength(1);
    await b.sync.resume();
    // Not allOnServer: confirmed equals head for a moment while a page's rewrite is in flight.
    await vi.waitFor(
      () => {
        expect(b.sync.getState().phase).toBe('up_to_date');
        expect(b.store.head).toBe(10_201);
      },
      { timeout: 60_000 },
    );
    const log = await eventsOf(b);
    expect({
      head: b.store.head,
      c9: log.filter((event) => event.streamId === 'customer-c9').length,
      attention: b.sync.getState().attention.length,
    }).toEqual({ head: 10_201, c9: 1, attention: 0 });
  }, 120_000);
});

describe('a tab that takes over a rebase another tab left half done', () => {
  useWebLocks();

  it('does not decide again a command the other tab listed on Needs attention', async () => {
    const [b] = (await sharedDesk(1)) as [Desk];
    // A second tab of b's browser: it waits for the first to let go of the sync.
    const second = await tabOn(b.store.databaseName);
    expect(second.sync.getState().phase).toBe('other_tab');
    // A command of this device's that a catch-up took out of the log to decide again: its events,
    // as another log (not joined) recorded them.
    const scratch = await device();
    await run(scratch, register('c9', 'c9@example.com'));
    const taken = await eventsOf(scratch);
    const id = taken[0]?.metadata.causationId ?? '';
    // The first tab decided it again and listed it, and is closed before it let go of the
    // commands to decide; the second has not heard of the list yet (written without a word).
    const db = openEventLogDb(b.store.databaseName);
    await db.sync.bulkPut([
      { key: REBASING, value: taken },
      {
        key: 'attention',
        value: [
          {
            id,
            command: register('c9', 'c9@example.com'),
            time: taken[0]?.time,
            reason: 'Another customer already uses the email c9@example.com.',
          },
        ],
      },
    ]);
    db.close();
    closeTab(b);

    await vi.waitFor(async () => {
      expect(second.sync.getState().phase).not.toBe('other_tab');
      expect(await second.store.readSyncRecord(REBASING)).toBeUndefined();
    }, 10_000);
    expect((await eventsOf(second)).map((event) => event.id)).not.toContain(taken[0]?.id);
    expect((await second.store.readSyncRecord('attention')) as unknown[]).toHaveLength(1);
  });
});

describe('a command on Needs attention that the server’s log holds after all', () => {
  it('leaves the list when its events come in a pull', async () => {
    const [a, b] = (await sharedDesk(2)) as [Desk, Desk];
    b.sync.stop();
    // Stands for b's own command whose push's reply was lost, refused when b decided it again
    // against a command made meanwhile, and listed: the server took it all the same.
    await run(a, register('c9', 'c9@example.com'));
    await allOnServer(a);
    const [made] = await eventsOf(a);
    const id = made?.metadata.causationId ?? '';
    const db = openEventLogDb(b.store.databaseName);
    await db.sync.put({
      key: 'attention',
      value: [
        { id, command: register('c9', 'c9@example.com'), time: made?.time, reason: 'Taken.' },
      ],
    });
    db.close();

    await b.sync.resume();

    await vi.waitFor(async () => {
      expect((await eventsOf(b)).map((event) => event.id)).toContain(made?.id);
      expect(b.sync.getState().attention).toEqual([]);
    });
    expect(await b.store.readSyncRecord('attention')).toEqual([]);
  });
});
