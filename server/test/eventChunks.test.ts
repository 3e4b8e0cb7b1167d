import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createDesk, join } from '../src/access/access';
import { createPool } from '../src/db/database';
import { migrate } from '../src/db/migrations';
import { readEvents } from '../src/eventLog';
import { CHUNK_SIZE, CLOUD_EVENT_JSON } from '../src/eventJson';
import { startServer } from '../src/startServer';
import { freshDatabaseOn } from './freshDatabase';
import {
  addDevice,
  commit,
  newDesk,
  orderCancelled,
  orderPlaced,
  push,
  useServer,
  type Commit,
  type DeviceAccess,
} from './support';

const server = useServer();

/** A page as PostgreSQL writes it event by event: what a pull sent before chunks were kept. */
async function perEventPage(pool: pg.Pool, desk: string, after: number, limit: number) {
  const result = await pool.query<[string]>({
    text: `SELECT ${CLOUD_EVENT_JSON} FROM events e
           WHERE desk = $1 AND global_position > $2 ORDER BY global_position LIMIT $3`,
    values: [desk, after, limit],
    rowMode: 'array',
  });
  return {
    count: result.rows.length,
    eventsJson: `[${result.rows.map(([json]) => json).join(',')}]`,
  };
}

/**
 * Expects the desk's sealed chunks to start at `firsts`, each the text its events have written
 * one by one.
 */
async function expectChunks(pool: pg.Pool, desk: string, firsts: readonly number[]) {
  const stored = await pool.query<{ first: number; json: string }>(
    `SELECT first_position AS first, events_json AS json FROM event_chunks
     WHERE desk = $1 ORDER BY first_position`,
    [desk],
  );
  expect(stored.rows.map((chunk) => chunk.first)).toEqual(firsts);
  for (const { first, json } of stored.rows)
    expect(json).toBe(
      (await perEventPage(pool, desk, first - 1, CHUNK_SIZE)).eventsJson.slice(1, -1),
    );
}

const firstPositions = (chunks: number) =>
  Array.from({ length: chunks }, (_, k) => k * CHUNK_SIZE + 1);

/**
 * Commits of `events` events in all on streams of their own (an order placed, then cancelled
 * again and again), at most 100 a commit; every third cancellation has an actor to escape.
 */
function orderCommits(prefix: string, events: number): Commit[] {
  const commits: Commit[] = [];
  for (let done = 0, n = 0; done < events; n++) {
    const size = Math.min(100, events - done);
    const order = `${prefix}-${n}`;
    const cancellations = Array.from({ length: size - 1 }, (_, i) => ({
      ...orderCancelled(order, `reason ${i}`),
      ...(i % 3 === 0 ? { actor: `Sam "Till" \\ ${i}` } : {}),
    }));
    commits.push(commit(`order-${order}`, 0, orderPlaced(order), ...cancellations));
    done += size;
  }
  return commits;
}

async function pushEvents(device: DeviceAccess, prefix: string, events: number): Promise<void> {
  const reply = await push(server(), device, orderCommits(prefix, events));
  expect(reply.status).toBe(200);
  expect(reply.body.rejected).toEqual([]);
}

/**
 * Each page of `desk` for the given afters and limits, next to the same page event by event with
 * the desk's head.
 */
async function pagesAndExpected(
  pool: pg.Pool,
  desk: string,
  device: string,
  afters: readonly number[],
  limits: readonly number[],
) {
  const stored = await pool.query<{ head: number }>('SELECT head FROM desks WHERE id = $1', [desk]);
  const head = stored.rows[0]?.head;
  const pages = [];
  const expected = [];
  for (const after of afters)
    for (const limit of limits) {
      const { count, eventsJson, revoked, ...page } = await readEvents(
        pool,
        desk,
        after,
        limit,
        device,
      );
      pages.push({ after, limit, head: page.head, revoked, count, eventsJson });
      expected.push({
        after,
        limit,
        head,
        revoked: false,
        ...(await perEventPage(pool, desk, after, limit)),
      });
    }
  return { pages, expected };
}

const boundaryAfters = (head: number) =>
  [0, 1, 250, 499, 500, 501, 999, 1000, 1001, 1499, 1500, 1501, head - 1, head, head + 1].filter(
    (after) => after >= 0,
  );
const limits = [1, 2, 499, 500, 501, 999, 1000, 1001, 1500, 10_000];

describe('sealed chunks of the event log', () => {
  it('a push that completes several chunks seals each of them, as the events are written one by one', async () => {
    const owner = await newDesk(server());
    await pushEvents(owner, 'a', 120);

    await pushEvents(owner, 'b', 1_300);

    await expectChunks(server().pool, owner.desk, firstPositions(2));
  });

  it('pages read across chunk boundaries are the events written one by one, for any after and limit', async () => {
    const owner = await newDesk(server());
    for (const [n, events] of [1, 498, 2, 700, 529].entries())
      await pushEvents(owner, `o${n}`, events);
    const head = 1_730;
    await expectChunks(server().pool, owner.desk, firstPositions(3));

    const { pages, expected } = await pagesAndExpected(
      server().pool,
      owner.desk,
      owner.id,
      boundaryAfters(head),
      limits,
    );

    expect(pages).toEqual(expected);
    const whole = await readEvents(server().pool, owner.desk, 0, 10_000, owner.id);
    expect([whole.head, whole.count]).toEqual([head, head]);
    expect(JSON.parse(whole.eventsJson)).toHaveLength(head);
  });

  it('a chunk missing ends the run of chunks a page sends: the events after it are written one by one', async () => {
    const owner = await newDesk(server());
    await pushEvents(owner, 'o', 1_730);
    // As if a server of an older version had appended the events of 501–1000.
    await server().pool.query('DELETE FROM event_chunks WHERE desk = $1 AND first_position = 501', [
      owner.desk,
    ]);
    await expectChunks(server().pool, owner.desk, [1, 1001]);

    const { pages, expected } = await pagesAndExpected(
      server().pool,
      owner.desk,
      owner.id,
      boundaryAfters(1_730),
      limits,
    );

    expect(pages).toEqual(expected);
  });

  it('an append seals the chunks that appends before it left unsealed', async () => {
    const owner = await newDesk(server());
    await pushEvents(owner, 'o', 1_730);
    // As if a server of an older version had appended the events from 1001 on.
    await server().pool.query(
      'DELETE FROM event_chunks WHERE desk = $1 AND first_position = 1001',
      [owner.desk],
    );
    await pushEvents(owner, 'p', 100);
    await expectChunks(server().pool, owner.desk, [1, 501]);

    await pushEvents(owner, 'q', 200);

    await expectChunks(server().pool, owner.desk, firstPositions(4));
  });

  it('concurrent pushes to one desk seal each chunk once, with its events in position order', async () => {
    const owner = await newDesk(server());
    const devices = [owner];
    for (let i = 1; i < 6; i++) devices.push(await addDevice(server(), owner, `Staff ${i}`));
    const pushesEach = 5;
    const eventsEach = 170;

    const replies = await Promise.all(
      devices.map(async (device, d) => {
        const statuses = [];
        for (let p = 0; p < pushesEach; p++)
          statuses.push(
            (await push(server(), device, orderCommits(`d${d}-${p}`, eventsEach))).status,
          );
        return statuses;
      }),
    );

    expect(replies.flat()).toEqual(Array.from({ length: devices.length * pushesEach }, () => 200));
    const head = devices.length * pushesEach * eventsEach;
    await expectChunks(server().pool, owner.desk, firstPositions(Math.floor(head / CHUNK_SIZE)));
  });

  it('a page read while pushes go on has a head at least its last position, across a boundary', async () => {
    const owner = await newDesk(server());
    const writer = await addDevice(server(), owner);
    await pushEvents(owner, 'o', 1_010);
    const progress = { writing: true };
    const written = (async () => {
      try {
        for (let p = 0; p < 40; p++) await pushEvents(writer, `w${p}`, 30);
      } finally {
        progress.writing = false;
      }
    })();

    // Pages from inside the last sealed chunk, over the boundary, into the events being appended
    // (and sealed meanwhile).
    const pages: { head: number; last: number }[] = [];
    while (progress.writing) {
      const page = await readEvents(server().pool, owner.desk, 990, 10_000, owner.id);
      pages.push({ head: page.head, last: 990 + page.count });
    }
    await written;

    expect(pages.filter((page) => page.head < page.last)).toEqual([]);
  });
});

/** A database of its own on the tests' PostgreSQL, dropped after `use`. */
async function withDatabase(use: (url: string) => Promise<void>): Promise<void> {
  const database = await freshDatabaseOn(inject('databaseUrl'));
  try {
    await use(database.url);
  } finally {
    await database.drop();
  }
}

/** A desk and its owner's device, with `events` events stored as a server without chunks did. */
async function deskBeforeChunks(pool: pg.Pool, events: number): Promise<DeviceAccess> {
  const { invite } = await createDesk(pool, 'Old desk', 'Ana');
  const { token, device } = await join(pool, invite.code);
  await pool.query(
    `INSERT INTO events (desk, global_position, stream_id, stream_version, event_id, type,
                         data_version, data, time, source, device, correlation_id,
                         causation_id, actor)
     SELECT $1, n, 'order-' || $1 || '-' || n, 1, $1 || '-' || n, 'OrderPlaced', 1,
            json_build_object('order_id', $1 || '-' || n, 'total', n),
            timestamptz '2026-03-01 10:00:00Z' + n * interval '1.5 seconds',
            $2, $3, $1 || '-' || n, $1 || '-' || n, CASE WHEN n % 2 = 0 THEN 'Sam "Till" ' || n END
     FROM generate_series(1, $4::integer) AS n`,
    [device.desk, device.source, device.id, events],
  );
  await pool.query('UPDATE desks SET head = $2 WHERE id = $1', [device.desk, events]);
  return { desk: device.desk, token, id: device.id, source: device.source };
}

describe('the migration that made the chunks', () => {
  it('seals the chunks of the events stored before it; appends then seal the next ones', async () => {
    await withDatabase(async (url) => {
      const heads = [1_234, 1_000, 499, 0];
      const before = createPool(url, 2);
      const desks: DeviceAccess[] = [];
      try {
        await migrate(before, 1);
        for (const head of heads) desks.push(await deskBeforeChunks(before, head));
      } finally {
        await before.end();
      }

      const migrated = await startServer({ databaseUrl: url });
      try {
        for (const [d, desk] of desks.entries()) {
          const head = heads[d] ?? 0;
          await expectChunks(
            migrated.pool,
            desk.desk,
            firstPositions(Math.floor(head / CHUNK_SIZE)),
          );
          const { pages, expected } = await pagesAndExpected(
            migrated.pool,
            desk.desk,
            desk.id,
            boundaryAfters(head),
            [1, 500, 1001, 10_000],
          );
          expect(pages).toEqual(expected);
        }

        const [many] = desks;
        if (!many) throw new Error('no desk');
        const reply = await push(migrated, many, orderCommits('later', 300));
        expect(reply.body.head).toBe(1_534);
        await expectChunks(migrated.pool, many.desk, firstPositions(3));
      } finally {
        await migrated.close();
      }
    });
  });
});
