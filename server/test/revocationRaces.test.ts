/**
 * Revocations racing with pushes, invites and each other, checked under the rows they lock; and
 * input the catalog takes that PostgreSQL stores differently.
 */
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import {
  addDevice,
  call,
  commit,
  customerRegistered,
  inviteFrom,
  joinWith,
  newDesk,
  pull,
  push,
  revoke,
  storedCount,
  useServer,
  type WireEvent,
} from './support';

const server = useServer();

/** A connection of the test's own that holds row locks in a transaction until released. */
async function holdLock(sql: string, values: unknown[]): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  await client.query('BEGIN');
  await client.query(sql, values);
  return {
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/**
 * Resolves once `count` backends wait on a lock (requests reached their blocked statements), or
 * once `settled` has, if given (a request that did not block).
 */
async function waitersOnLocks(count = 1, settled?: Promise<unknown>): Promise<void> {
  const request = { settled: false };
  void settled?.finally(() => (request.settled = true));
  while (!request.settled) {
    const found = await server().pool.query(
      "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
    );
    if ((found.rowCount ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('revocations racing with requests, and odd but valid input', () => {
  it('a time the catalog takes but PostgreSQL cannot store is a 400, not a 500', async () => {
    const owner = await newDesk(server());
    const event: WireEvent = { ...customerRegistered('c1'), time: '0000-06-01T10:00:00.000Z' };

    const reply = await push(server(), owner, [commit('customer-c1', 0, event)]);

    expect(reply.status).toBe(400);
    expect(await storedCount(server(), owner.desk)).toBe(0);
  });

  it('an early year comes back as it was sent', async () => {
    const owner = await newDesk(server());
    const event: WireEvent = { ...customerRegistered('c1'), time: '0099-06-01T10:00:00.000Z' };

    const reply = await push(server(), owner, [commit('customer-c1', 0, event)]);
    const pulled = await pull(server(), owner);

    expect(reply.status).toBe(200);
    expect(pulled.body.events[0]).toMatchObject({ time: '0099-06-01T10:00:00.000Z' });
  });

  it('no device revokes itself, whatever the case of its id', async () => {
    const owner = await newDesk(server());

    const reply = await revoke(server(), owner, owner.id.toUpperCase());
    const after = await call(server(), 'GET', `/v1/desks/${owner.desk}/device`, {
      token: owner.token,
    });

    expect(reply.status).toBe(409);
    expect(after.status).toBe(200);
  });

  it('a push in flight when its device is revoked writes nothing once the revocation is answered', async () => {
    const owner = await newDesk(server());
    const sam = await addDevice(server(), owner, 'Sam');
    // Another append holds the desk's lock: Sam's push is authenticated and waits for it.
    const desk = await holdLock('SELECT head FROM desks WHERE id = $1 FOR NO KEY UPDATE', [
      owner.desk,
    ]);
    const pushed = push(server(), sam, [commit('customer-c1', 0, customerRegistered('c1'))]);
    await waitersOnLocks();

    const revoked = await revoke(server(), owner, sam.id);
    expect(revoked.status).toBe(200);
    await desk.release();
    const reply = await pushed;

    expect(reply.status).toBe(401);
    expect(await storedCount(server(), owner.desk)).toBe(0);
  });

  it('an invite made by a device while it is revoked cannot be used', async () => {
    const owner = await newDesk(server());
    const deputy = await addDevice(server(), owner, 'Deputy', 'owner');
    // The invite's insert checks its desk (a foreign key): it waits while the desk row is locked.
    const desk = await holdLock('SELECT 1 FROM desks WHERE id = $1 FOR UPDATE', [owner.desk]);
    const invited = call<{ invite: { code: string } }>(
      server(),
      'POST',
      `/v1/desks/${owner.desk}/invites`,
      { token: deputy.token, body: { person: 'Mallory', role: 'owner' } },
    );
    await waitersOnLocks();

    // Revoking the deputy now either ends at once or waits for the invite being made.
    const revoked = revoke(server(), owner, deputy.id);
    await waitersOnLocks(2, revoked);
    await desk.release();
    const [invite, revocation] = await Promise.all([invited, revoked]);
    expect(revocation.status).toBe(200);
    const joined =
      invite.status === 201
        ? await call(server(), 'POST', '/v1/join', { body: { invite: invite.body.invite.code } })
        : undefined;

    expect(joined?.status ?? 403).toBe(403);
  });

  it('a join that began before the revocation of its invite’s maker is refused', async () => {
    const owner = await newDesk(server());
    const deputy = await addDevice(server(), owner, 'Deputy', 'owner');
    const code = await inviteFrom(server(), deputy, 'Mallory', 'owner');
    // A key share of the invite's row stops the join's locking read, not the revocation's update.
    const invite = await holdLock(
      'SELECT 1 FROM invites WHERE created_by = $1 AND used_at IS NULL FOR KEY SHARE',
      [deputy.id],
    );
    const joined = call(server(), 'POST', '/v1/join', { body: { invite: code } });
    await waitersOnLocks();

    const revoked = await revoke(server(), owner, deputy.id);
    expect(revoked.status).toBe(200);
    await invite.release();

    expect((await joined).status).toBe(403);
  });

  it('two owner devices revoking each other at once leave the desk an owner device', async () => {
    const ana = await newDesk(server());
    const bea = await addDevice(server(), ana, 'Bea', 'owner');
    // Ana's revocation of Bea waits on Bea's row; meanwhile Bea revokes Ana.
    const beaRow = await holdLock('SELECT 1 FROM devices WHERE id = $1 FOR UPDATE', [bea.id]);
    const anaRevokesBea = revoke(server(), ana, bea.id);
    await waitersOnLocks();
    const beaRevokesAna = revoke(server(), bea, ana.id);
    await waitersOnLocks(2, beaRevokesAna);
    await beaRow.release();
    await Promise.all([anaRevokesBea, beaRevokesAna]);

    const owners = await server().pool.query(
      "SELECT 1 FROM devices WHERE desk = $1 AND role = 'owner' AND revoked_at IS NULL",
      [ana.desk],
    );
    expect(owners.rowCount).toBeGreaterThan(0);
  });

  it('a join of a used code is refused, however the code is typed', async () => {
    const owner = await newDesk(server());
    const code = await inviteFrom(server(), owner, 'Sam');
    await joinWith(server(), code);
    const again = await call(server(), 'POST', '/v1/join', {
      body: { invite: code.toUpperCase() },
    });
    expect(again.status).toBe(403);
  });
});

describe('races that hold', () => {
  it('ten joins racing with one code: one device gets in', async () => {
    const owner = await newDesk(server());
    const code = await inviteFrom(server(), owner, 'Sam');
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(server(), 'POST', '/v1/join', { body: { invite: code } }),
      ),
    );
    expect(replies.filter((reply) => reply.status === 201)).toHaveLength(1);
    const devices = await server().pool.query('SELECT 1 FROM devices WHERE desk = $1', [
      owner.desk,
    ]);
    expect(devices.rowCount).toBe(2);
  });
});
