import { describe, expect, it } from 'vitest';
import { createDesk } from '../src/access/access';
import {
  addDevice,
  call,
  commit,
  customerRegistered,
  joinWith,
  type ListedDevice,
  newDesk,
  pull,
  push,
  revoke,
  storedCount,
  useServer,
} from './support';

const server = useServer();

describe('who may use a desk', () => {
  it('the owner’s invite joins the owner; the owner invites a person, whose device is named after them', async () => {
    const { desk, invite } = await createDesk(server().pool, 'Corner shop', 'Ana');
    const owner = await joinWith(server(), invite.code);
    const sam = await addDevice(server(), owner, 'Sam');

    const listed = await call<{ devices: ListedDevice[] }>(
      server(),
      'GET',
      `/v1/desks/${desk.id}/devices`,
      {
        token: owner.token,
      },
    );

    expect(listed.status).toBe(200);
    expect(
      listed.body.devices.map(({ id, person, role, current }) => ({ id, person, role, current })),
    ).toEqual([
      { id: owner.id, person: 'Ana', role: 'owner', current: true },
      { id: sam.id, person: 'Sam', role: 'member', current: false },
    ]);
  });

  it('an invite code joins one device only, typed in any case and grouping', async () => {
    const { invite } = await createDesk(server().pool, 'Corner shop', 'Ana');
    const typed = invite.code.toLowerCase().replace(/-/g, ' ').replace(' ', '-');

    const first = await call(server(), 'POST', '/v1/join', { body: { invite: typed } });
    const second = await call(server(), 'POST', '/v1/join', { body: { invite: invite.code } });

    expect(first.status).toBe(201);
    expect(second.status).toBe(403);
    expect(second.body).toMatchObject({ error: 'invite_not_usable' });
    expect(String(second.body.message)).toContain('already been used');
  });

  it('an expired or made-up invite is refused', async () => {
    const { desk, invite } = await createDesk(server().pool, 'Corner shop', 'Ana');
    await server().pool.query('UPDATE invites SET expires_at = now() WHERE desk = $1', [desk.id]);

    const expired = await call(server(), 'POST', '/v1/join', { body: { invite: invite.code } });
    const madeUp = await call(server(), 'POST', '/v1/join', {
      body: { invite: `${desk.id}-AAAA-BBBB-CCCC-DDDD-EEEE` },
    });

    expect(expired.status).toBe(403);
    expect(String(expired.body.message)).toContain('expired');
    expect(madeUp.status).toBe(403);
  });

  it('a request without a token, or with a made-up one, is refused', async () => {
    const owner = await newDesk(server());

    const without = await call(server(), 'GET', `/v1/desks/${owner.desk}/events`);
    const madeUp = await pull(server(), { ...owner, token: 'odt_not-a-token' });

    expect(without.status).toBe(401);
    expect(without.body).toMatchObject({ error: 'unauthenticated' });
    expect(madeUp.status).toBe(401);
  });

  it('no reply may be kept in a cache: a join with its token, a pull, a refusal', async () => {
    const { invite } = await createDesk(server().pool, 'Cache desk', 'Ana');
    const joined = await fetch(`${server().url}/v1/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invite: invite.code }),
    });
    const { token, desk } = (await joined.json()) as { token: string; desk: { id: string } };
    const pulled = await fetch(`${server().url}/v1/desks/${desk.id}/events?after=0`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const refused = await fetch(`${server().url}/v1/desks/${desk.id}/events`);

    expect([joined.status, pulled.status, refused.status]).toEqual([201, 200, 401]);
    for (const response of [joined, pulled, refused])
      expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('a path whose desk cannot be a desk id is refused like an unknown token', async () => {
    const owner = await newDesk(server());

    const nul = await call(server(), 'GET', '/v1/desks/%00/events', { token: owner.token });
    const odd = await call(server(), 'GET', '/v1/desks/a%20b/device', { token: owner.token });

    expect([nul.status, odd.status]).toEqual([401, 401]);
    expect(nul.body).toMatchObject({ error: 'unauthenticated' });
  });

  it('a token of another desk is refused there, and writes nothing', async () => {
    const mine = await newDesk(server());
    const foreign = await newDesk(server());
    await push(server(), mine, [commit('customer-c1', 0, customerRegistered('c1'))]);

    const read = await pull(server(), { ...foreign, desk: mine.desk });
    const written = await push(server(), { ...foreign, desk: mine.desk }, [
      commit('customer-c2', 0, customerRegistered('c2')),
    ]);

    expect(read.status).toBe(401);
    expect(read.body).not.toHaveProperty('events');
    expect(written.status).toBe(401);
    expect(await storedCount(server(), mine.desk)).toBe(1);
    expect(await storedCount(server(), foreign.desk)).toBe(0);
  });

  it('a revoked device is refused at once, for reading and writing', async () => {
    const owner = await newDesk(server());
    const sam = await addDevice(server(), owner, 'Sam');
    expect((await pull(server(), sam)).status).toBe(200);

    const revoked = await revoke(server(), owner, sam.id);
    const read = await pull(server(), sam);
    const written = await push(server(), sam, [commit('customer-c1', 0, customerRegistered('c1'))]);

    expect(revoked.status).toBe(200);
    expect(revoked.body.device.revokedAt).not.toBeNull();
    expect(read.status).toBe(401);
    expect(read.body).toMatchObject({ error: 'device_revoked' });
    expect(written.status).toBe(401);
    expect(await storedCount(server(), owner.desk)).toBe(0);
  });

  it('only owner devices list, invite and revoke; no device revokes itself', async () => {
    const owner = await newDesk(server());
    const sam = await addDevice(server(), owner, 'Sam');
    const base = `/v1/desks/${owner.desk}`;

    const list = await call(server(), 'GET', `${base}/devices`, { token: sam.token });
    const invite = await call(server(), 'POST', `${base}/invites`, {
      token: sam.token,
      body: { person: 'Mallory', role: 'owner' },
    });
    const revokedBySam = await revoke(server(), sam, owner.id);
    const self = await revoke(server(), owner, owner.id);

    expect([list.status, invite.status, revokedBySam.status]).toEqual([403, 403, 403]);
    expect(list.body).toMatchObject({ error: 'owner_only' });
    expect(self.status).toBe(409);
    expect((await pull(server(), owner)).status).toBe(200);
  });
});
