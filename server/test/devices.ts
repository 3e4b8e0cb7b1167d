/**
 * Browser devices for the server's tests: desks on IndexedDB (fake-indexeddb, as in the unit
 * tests) running the browser's sync engine against the test file's server.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { createDesk } from '../src/access/access';
import type { RunningServer } from '../src/startServer';
import { Desk } from '../../src/application/desk';
import type { Command } from '../../src/application/commands';
import type { StoredEvent } from '../../src/domain/events';
import { EventStore } from '../../src/store/eventStore';

/** Closes `desk`'s tab: its sync stops, and its log is closed. */
export function closeTab(desk: Desk): void {
  desk.sync.stop();
  desk.store.close();
}

/** Opens devices on `server` for a test file, and closes them after each test. */
export function useDevices(server: () => RunningServer) {
  const opened: Desk[] = [];

  afterEach(() => {
    for (const desk of opened.splice(0)) closeTab(desk);
    vi.restoreAllMocks();
  });

  /** A desk (a tab) on the log `name`, started: a new device's by default. */
  async function device(name = `device-${randomUUID()}`): Promise<Desk> {
    const desk = new Desk(new EventStore({ name }), 'urn:uuid:local');
    opened.push(desk);
    await desk.start();
    return desk;
  }

  /** Another tab on the log `name` (or the same after a reload), syncing if the log does. */
  async function tabOn(name: string): Promise<Desk> {
    const desk = await device(name);
    await desk.sync.resume();
    return desk;
  }

  /** `desk`'s tab closed and opened again, as a reload does. */
  async function reload(desk: Desk): Promise<Desk> {
    closeTab(desk);
    return tabOn(desk.store.databaseName);
  }

  /** A new server desk, and devices joined to it: the first as its owner. */
  async function sharedDesk(count: number): Promise<Desk[]> {
    const { invite } = await createDesk(server().pool, 'Corner shop', 'Ana');
    const owner = await device();
    await owner.sync.connect(server().url, invite.code);
    const devices = [owner];
    for (let i = 1; i < count; i++) {
      const member = await device();
      const { code } = await owner.sync.invite(`Staff ${i}`, 'member');
      await member.sync.connect(server().url, code);
      devices.push(member);
    }
    return devices;
  }

  return { device, tabOn, reload, sharedDesk };
}

export const eventsOf = async (desk: Desk): Promise<StoredEvent[]> =>
  desk.store.head === 0 ? [] : desk.store.readRange(1, desk.store.head);

/** Waits until every device is up to date with nothing pending and the same log. */
export async function converged(desks: readonly Desk[]): Promise<StoredEvent[]> {
  await vi.waitFor(
    async () => {
      for (const desk of desks) {
        expect(desk.sync.getState().phase).toBe('up_to_date');
        expect(desk.store.confirmed).toBe(desk.store.head);
      }
      const logs = await Promise.all(desks.map(eventsOf));
      const ids = logs.map((log) => log.map((event) => event.id));
      for (const other of ids.slice(1)) expect(other).toEqual(ids[0]);
    },
    { timeout: 30_000, interval: 100 },
  );
  return eventsOf(desks[0] as Desk);
}

/** Waits until every command `desk` made is on the server. */
export async function allOnServer(desk: Desk): Promise<void> {
  await vi.waitFor(
    () => {
      expect(desk.store.confirmed).toBe(desk.store.head);
    },
    { timeout: 30_000 },
  );
}

export async function run(desk: Desk, command: Command): Promise<void> {
  const result = await desk.execute(command);
  if (!result.ok) throw result.error;
}

export const register = (customerId: string, email: string): Command => ({
  type: 'RegisterCustomer',
  data: { customerId, name: `Customer ${customerId}`, email },
});
export const place = (orderId: string, customerId: string): Command => ({
  type: 'PlaceOrder',
  data: {
    orderId,
    customerId,
    currency: 'EUR',
    items: [{ product_id: 'p-mug', name: 'Mug', quantity: 2, unit_price: 1250 }],
  },
});

type LockCallback<T> = (lock: Lock | null) => Promise<T> | T;

/**
 * Web Locks as the sync engine uses them (exclusive, by name, granted in the order asked, with
 * `ifAvailable` and `signal`), for Node, which has none: tabs of one browser then sync one at a
 * time, and another takes over when the one syncing closes, as in a browser.
 */
class TabLocks {
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly held = new Set<string>();

  request<T>(
    name: string,
    optionsOrCallback: LockOptions | LockCallback<T>,
    callback?: LockCallback<T>,
  ): Promise<T> {
    const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
    const work = (
      typeof optionsOrCallback === 'function' ? optionsOrCallback : callback
    ) as LockCallback<T>;
    const { signal } = options;
    if (options.ifAvailable === true && this.held.has(name))
      return Promise.resolve().then(() => work(null));
    return new Promise<T>((resolve, reject) => {
      const queue = this.waiting.get(name) ?? [];
      this.waiting.set(name, queue);
      const abort = () => {
        const at = queue.indexOf(grant);
        if (at !== -1) queue.splice(at, 1);
        reject(abortError(signal));
      };
      const grant = () => {
        signal?.removeEventListener('abort', abort);
        this.held.add(name);
        Promise.resolve()
          .then(() => work({ name, mode: 'exclusive' }))
          .then(resolve, reject)
          .finally(() => {
            this.held.delete(name);
            queue.shift()?.();
          });
      };
      if (signal?.aborted === true) {
        reject(abortError(signal));
        return;
      }
      signal?.addEventListener('abort', abort, { once: true });
      if (this.held.has(name)) queue.push(grant);
      else grant();
    });
  }
}

const abortError = (signal: AbortSignal | undefined): Error =>
  signal?.reason instanceof Error ? signal.reason : new DOMException('Aborted.', 'AbortError');

/** Gives the test file's tabs Web Locks (see TabLocks). */
export function useWebLocks(): void {
  beforeAll(() => {
    vi.stubGlobal('navigator', { locks: new TabLocks() });
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });
}
