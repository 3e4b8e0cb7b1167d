import { describe, expect, it } from 'vitest';
import {
  addDevice,
  commit,
  customerEmailChanged,
  customerRegistered,
  newDesk,
  orderCancelled,
  orderPlaced,
  positionOf,
  pull,
  push,
  storedCount,
  useServer,
  type WireEvent,
} from './support';

const server = useServer();

/**
 * A transaction of another desk (`elsewhere`), held open on a connection of the test's own: it
 * stores events there, and tells when a request waits for a row it holds.
 */
async function heldElsewhere(elsewhere: Awaited<ReturnType<typeof newDesk>>) {
  const client = await server().pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const holder = rows[0]?.pid;
  return {
    client,
    insert: (position: number, stream: string, event: WireEvent) =>
      client.query(
        `INSERT INTO events (desk, global_position, stream_id, stream_version, event_id, type,
                             data_version, data, time, source, device, correlation_id,
                             causation_id)
         VALUES ($1, $2, $3, 1, $4, 'OrderPlaced', 1, $5, $6, $7, $8, $4, $4)`,
        [
          elsewhere.desk,
          position,
          stream,
          event.id,
          JSON.stringify(event.data),
          event.time,
          elsewhere.source,
          elsewhere.id,
        ],
      ),
    async waitedFor(): Promise<void> {
      for (const started = Date.now(); ;) {
        const blocked = await server().pool.query(
          'SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
          [holder],
        );
        if (blocked.rowCount === 1) return;
        if (Date.now() - started > 20_000) throw new Error('nothing waited for the held rows');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

describe('push', () => {
  it('appends commits in order: positions, stream versions, and the events as pulled', async () => {
    const owner = await newDesk(server());
    const placed = orderPlaced('o1');
    const cancelled = orderCancelled('o1');
    const reply = await push(server(), owner, [
      commit('customer-c1', 0, customerRegistered('c1')),
      commit('order-o1', 0, placed),
      commit('order-o1', 1, cancelled),
    ]);

    expect(reply.status).toBe(200);
    expect(reply.body.head).toBe(3);
    expect(reply.body.rejected).toEqual([]);
    expect(
      reply.body.accepted.map((event) => [event.commit, event.position, event.streamVersion]),
    ).toEqual([
      [0, 1, 1],
      [1, 2, 1],
      [2, 3, 2],
    ]);

    const pulled = await pull(server(), owner);
    expect(pulled.body.head).toBe(3);
    const last = pulled.body.events[2];
    expect(last).toMatchObject({
      specversion: '1.0',
      id: cancelled.id,
      type: 'OrderCancelled',
      subject: 'order-o1',
      time: cancelled.time,
      datacontenttype: 'application/json',
      data: cancelled.data,
      sequence: '0000000000000003',
      streamversion: 2,
      dataversion: 1,
      correlationid: cancelled.id,
      causationid: cancelled.id,
    });
  });

  it('stamps each event with the pushing device and its source, whoever sent it', async () => {
    const owner = await newDesk(server());
    const member = await addDevice(server(), owner, 'Sam');
    await push(server(), owner, [commit('customer-c1', 0, customerRegistered('c1'))]);
    await push(server(), member, [commit('customer-c2', 0, customerRegistered('c2'))]);

    const { events } = (await pull(server(), owner)).body;
    expect(events.map((event) => [event.device, event.source])).toEqual([
      [owner.id, owner.source],
      [member.id, member.source],
    ]);
    expect(member.source).toBe(`urn:uuid:${member.id}`);
  });

  it('8 concurrent pushes at the same expected version: exactly one wins', async () => {
    const owner = await newDesk(server());
    const devices = [owner];
    for (let i = 1; i < 8; i++) devices.push(await addDevice(server(), owner, `Staff ${i}`));
    // Several rounds, each on an order of its own: the more races, the likelier a wrong winner shows.
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      const order = `o${round}`;
      await push(server(), owner, [commit(`order-${order}`, 0, orderPlaced(order))]);

      const replies = await Promise.all(
        devices.map((device) =>
          push(server(), device, [commit(`order-${order}`, 1, orderCancelled(order, device.id))]),
        ),
      );

      expect(replies.map((reply) => reply.status)).toEqual(devices.map(() => 200));
      const winners = replies.filter((reply) => reply.body.accepted.length === 1);
      expect(winners).toHaveLength(1);
      const losers = replies.filter((reply) => reply.body.rejected.length === 1);
      expect(losers).toHaveLength(7);
      for (const loser of losers)
        expect(loser.body.rejected[0]).toMatchObject({
          reason: 'wrong_expected_version',
          currentVersion: 2,
        });
    }
    expect(await storedCount(server(), owner.desk)).toBe(rounds * 2);
  });

  it('a retried push is idempotent: the stored positions again, nothing written twice', async () => {
    const owner = await newDesk(server());
    const other = await addDevice(server(), owner);
    const commits = [
      commit('customer-c1', 0, customerRegistered('c1')),
      commit('order-o1', 0, orderPlaced('o1'), orderCancelled('o1')),
    ];
    const first = await push(server(), owner, commits);
    // The reply was lost; meanwhile another device appended.
    await push(server(), other, [commit('order-o2', 0, orderPlaced('o2'))]);

    const again = await push(server(), owner, commits);

    expect(again.status).toBe(200);
    expect(again.body.rejected).toEqual([]);
    expect(
      again.body.accepted.map(({ id, position, streamVersion }) => ({
        id,
        position,
        streamVersion,
      })),
    ).toEqual(
      first.body.accepted.map(({ id, position, streamVersion }) => ({
        id,
        position,
        streamVersion,
      })),
    );
    expect(again.body.accepted.every((event) => event.duplicate)).toBe(true);
    expect(again.body.head).toBe(4);
    expect(await storedCount(server(), owner.desk)).toBe(4);
  });

  it('a stale expected version refuses that commit and the later ones on its stream, not others', async () => {
    const owner = await newDesk(server());
    await push(server(), owner, [commit('order-o1', 0, orderPlaced('o1'))]);

    const reply = await push(server(), owner, [
      commit('order-o1', 0, orderCancelled('o1')),
      commit('order-o2', 0, orderPlaced('o2')),
      commit('order-o1', 1, orderCancelled('o1', 'second thoughts')),
    ]);

    expect(reply.body.rejected).toEqual([
      expect.objectContaining({
        commit: 0,
        stream: 'order-o1',
        reason: 'wrong_expected_version',
        currentVersion: 1,
      }),
      expect.objectContaining({
        commit: 2,
        stream: 'order-o1',
        reason: 'earlier_commit_rejected',
        currentVersion: 1,
      }),
    ]);
    expect(reply.body.accepted.map((event) => [event.commit, event.position])).toEqual([[1, 2]]);
    expect(reply.body.head).toBe(2);
  });

  it('an event id stored with other content refuses the commit', async () => {
    const owner = await newDesk(server());
    const placed = orderPlaced('o1');
    await push(server(), owner, [commit('order-o1', 0, placed)]);

    const reused = { ...orderPlaced('o2'), id: placed.id };
    const reply = await push(server(), owner, [commit('order-o2', 0, reused)]);

    expect(reply.body.rejected).toEqual([expect.objectContaining({ reason: 'id_conflict' })]);
    expect(await storedCount(server(), owner.desk)).toBe(1);
  });

  it('an event id that another desk stores while this push waits for it refuses the commit, not the push', async () => {
    const owner = await newDesk(server());
    const elsewhere = await newDesk(server());
    const placed = orderPlaced('o1');
    // Another desk's append of the same id, held open: this desk's append waits on its row.
    const other = await heldElsewhere(elsewhere);
    try {
      await other.insert(1, 'order-o1', placed);
      await other.client.query('UPDATE desks SET head = 1 WHERE id = $1', [elsewhere.desk]);

      const pushing = push(server(), owner, [commit('order-o1', 0, placed)]);
      await other.waitedFor();
      await other.client.query('COMMIT');
      const reply = await pushing;

      expect(reply.status).toBe(200);
      expect(reply.body.accepted).toEqual([]);
      expect(reply.body.rejected).toEqual([expect.objectContaining({ reason: 'id_conflict' })]);
      expect(await storedCount(server(), owner.desk)).toBe(0);
    } finally {
      other.client.release();
    }
  });

  it('a push that PostgreSQL ends to break a deadlock with another desk is tried again', async () => {
    const owner = await newDesk(server());
    const elsewhere = await newDesk(server());
    const placed = orderPlaced('o1');
    const second = orderPlaced('o2');
    // Another desk's transaction takes the push's second id, then waits for its first: each
    // waits for the other, and PostgreSQL ends the one that waited first, the push's.
    const other = await heldElsewhere(elsewhere);
    try {
      await other.insert(1, 'order-o2', second);
      const pushing = push(server(), owner, [
        commit('order-o1', 0, placed),
        commit('order-o2', 0, second),
      ]);
      await other.waitedFor();
      await other.insert(2, 'order-o1', placed);
      await other.client.query('ROLLBACK');
      const reply = await pushing;

      expect(reply.status).toBe(200);
      expect(reply.body.accepted).toHaveLength(2);
      expect(await storedCount(server(), owner.desk)).toBe(2);
    } finally {
      other.client.release();
    }
  });

  it('a push stored before its notification fails is answered as stored', async () => {
    const owner = await newDesk(server());
    const { pool } = server();
    const query = pool.query.bind(pool);
    // The wake-up notice after the commit fails, as when its connection breaks.
    const failNotify = (...args: unknown[]) =>
      typeof args[0] === 'string' && args[0].includes('NOTIFY')
        ? Promise.reject(new Error('connection terminated'))
        : (query as (...all: unknown[]) => Promise<unknown>)(...args);
    pool.query = failNotify as typeof pool.query;
    let reply;
    try {
      reply = await push(server(), owner, [commit('customer-c1', 0, customerRegistered('c1'))]);
    } finally {
      pool.query = query;
    }

    expect(reply.status).toBe(200);
    expect(reply.body.accepted.map((event) => event.position)).toEqual([1]);
    expect(await storedCount(server(), owner.desk)).toBe(1);
  });

  it('an email taken by another customer of the desk refuses the commit, whatever its case', async () => {
    const owner = await newDesk(server());
    await push(server(), owner, [
      commit('customer-c1', 0, customerRegistered('c1', 'Ana@Example.com')),
    ]);

    const reply = await push(server(), owner, [
      commit('customer-c2', 0, customerRegistered('c2', ' ana@example.COM')),
    ]);

    expect(reply.body.rejected).toEqual([
      expect.objectContaining({ stream: 'customer-c2', reason: 'email_taken', currentVersion: 0 }),
    ]);
    expect(reply.body.rejected[0]?.message).toContain('c1');
    expect(await storedCount(server(), owner.desk)).toBe(1);
  });

  it('an email is free again once its customer changes it, and taken on one desk only', async () => {
    const owner = await newDesk(server());
    const elsewhere = await newDesk(server());
    await push(server(), owner, [
      commit('customer-c1', 0, customerRegistered('c1', 'ana@example.com')),
    ]);

    const moved = await push(server(), owner, [
      commit('customer-c1', 1, customerEmailChanged('c1', 'ana@work.example')),
      commit('customer-c2', 0, customerRegistered('c2', 'ana@example.com')),
      commit('customer-c3', 0, customerRegistered('c3', 'ana@work.example')),
    ]);
    const otherDesk = await push(server(), elsewhere, [
      commit('customer-c9', 0, customerRegistered('c9', 'ana@work.example')),
    ]);

    expect(moved.body.accepted.map((event) => event.commit)).toEqual([0, 1]);
    expect(moved.body.rejected).toEqual([
      expect.objectContaining({ commit: 2, reason: 'email_taken' }),
    ]);
    expect(otherDesk.body.rejected).toEqual([]);
  });

  it('a commit that depends on a refused one is refused with it; the others are not', async () => {
    const owner = await newDesk(server());
    await push(server(), owner, [
      commit('customer-c1', 0, customerRegistered('c1', 'ana@example.com')),
    ]);

    const reply = await push(server(), owner, [
      commit('customer-c2', 0, customerRegistered('c2', 'ana@example.com')),
      { ...commit('order-o1', 0, orderPlaced('o1', 'c2')), dependsOn: [0] },
      { ...commit('order-o1', 1, orderCancelled('o1')), dependsOn: [] },
      commit('order-o2', 0, orderPlaced('o2', 'c1')),
    ]);

    expect(reply.body.rejected.map(({ commit, reason }) => [commit, reason])).toEqual([
      [0, 'email_taken'],
      [1, 'dependency_rejected'],
      [2, 'earlier_commit_rejected'],
    ]);
    expect(reply.body.accepted.map((event) => event.commit)).toEqual([3]);
  });

  it('pages through the log with after and limit', async () => {
    const owner = await newDesk(server());
    await push(
      server(),
      owner,
      Array.from({ length: 5 }, (_, i) => commit(`order-o${i}`, 0, orderPlaced(`o${i}`))),
    );

    const first = await pull(server(), owner, 'after=0&limit=2');
    const second = await pull(server(), owner, 'after=2&limit=2');
    const rest = await pull(server(), owner, 'after=4&limit=2');
    const none = await pull(server(), owner, 'after=5');

    expect([first, second, rest, none].map((page) => page.body.events.map(positionOf))).toEqual([
      [1, 2],
      [3, 4],
      [5],
      [],
    ]);
    expect(none.body.head).toBe(5);
  });
});
