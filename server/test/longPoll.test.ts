import { describe, expect, inject, it } from 'vitest';
import { listenerName } from '../src/db/database';
import { startServer } from '../src/startServer';
import {
  addDevice,
  call,
  commit,
  customerRegistered,
  newDesk,
  positionOf,
  pull,
  push,
  revoke,
  useServer,
} from './support';

const server = useServer();

/**
 * Resolves once `count` pulls wait on the server; fails after 20 s, well before the 50 s the
 * pulls of these tests would wait for.
 */
async function untilWaiting(count: number, on = server()): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const health = await call<{ waitingPulls: number }>(on, 'GET', '/v1/health');
    if (health.body.waitingPulls === count) return;
    if (Date.now() > deadline)
      throw new Error(`${health.body.waitingPulls} pulls wait on the server, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('long-poll', () => {
  it('a waiting pull wakes when another device pushes, with that device’s events', async () => {
    const owner = await newDesk(server());
    const counter = await addDevice(server(), owner, 'Counter');
    const started = Date.now();

    const waiting = pull(server(), owner, 'after=0&wait=50');
    await untilWaiting(1);
    const registered = customerRegistered('c1');
    await push(server(), counter, [commit('customer-c1', 0, registered)]);
    const woken = await waiting;

    expect(woken.status).toBe(200);
    expect(woken.body.events.map((event) => [positionOf(event), event.id, event.device])).toEqual([
      [1, registered.id, counter.id],
    ]);
    // Woken by the push, long before the 50 s it would have waited.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a pull that waits for nothing ends at its deadline with no events and the head', async () => {
    const owner = await newDesk(server());
    await push(server(), owner, [commit('customer-c1', 0, customerRegistered('c1'))]);
    const started = Date.now();

    const waited = await pull(server(), owner, 'after=1&wait=1');

    expect(waited.body).toEqual({ head: 1, events: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('a push to another desk does not end the wait', async () => {
    const owner = await newDesk(server());
    const stranger = await newDesk(server());

    const started = Date.now();
    const waiting = pull(server(), owner, 'after=0&wait=2');
    await untilWaiting(1);
    await push(server(), stranger, [commit('customer-c1', 0, customerRegistered('c1'))]);

    expect((await waiting).body).toEqual({ head: 0, events: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('a pull whose client goes away stops waiting', async () => {
    const owner = await newDesk(server());
    const abort = new AbortController();

    const waiting = fetch(`${server().url}/v1/desks/${owner.desk}/events?after=0&wait=50`, {
      headers: { authorization: `Bearer ${owner.token}` },
      signal: abort.signal,
    });
    await untilWaiting(1);
    abort.abort();

    await expect(waiting).rejects.toThrow();
    await untilWaiting(0);
  });

  it('a server shutting down answers its waiting pulls, and closes at once', async () => {
    const stopping = await startServer({ databaseUrl: inject('databaseUrl') });
    const owner = await newDesk(stopping);
    const waiting = pull(stopping, owner, 'after=0&wait=50');
    await untilWaiting(1, stopping);
    const started = Date.now();

    await stopping.close();

    expect((await waiting).body).toEqual({ head: 0, events: [] });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a revoked device’s waiting pull ends at once, refused, on any server process; the desk’s other pulls wait on', async () => {
    const owner = await newDesk(server());
    const member = await addDevice(server(), owner, 'Sam');
    // The member waits on another process than the one the owner revokes it on.
    const other = await startServer({ databaseUrl: inject('databaseUrl') });
    try {
      const memberWaiting = pull(other, member, 'after=0&wait=50');
      const ownerWaiting = pull(server(), owner, 'after=0&wait=3');
      await untilWaiting(1, other);
      await untilWaiting(1);
      const started = Date.now();

      const revoked = await revoke(server(), owner, member.id);
      const refused = await memberWaiting;

      expect(revoked.status).toBe(200);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: 'device_revoked' });
      // At once, where it used to wait out its 50 s (a loose bound: the machine may be busy).
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await ownerWaiting).toMatchObject({ status: 200, body: { head: 0, events: [] } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    } finally {
      await other.close();
    }
  });

  it('a waiting pull still wakes after the listener’s connection was cut', async () => {
    const owner = await newDesk(server());
    const counter = await addDevice(server(), owner, 'Counter');
    const started = Date.now();
    const waiting = pull(server(), owner, 'after=0&wait=50');
    await untilWaiting(1);

    const cut = await server().pool.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [listenerName()],
    );
    await push(server(), counter, [commit('customer-c1', 0, customerRegistered('c1'))]);

    expect(cut.rowCount).toBe(1);
    expect((await waiting).body.events).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
